import { rmSync } from 'node:fs';
import { join } from 'node:path';

// Screenshots of the previous run would mix with this run's.
export default function globalSetup() {
  rmSync(join(process.cwd(), 'test-results', 'screens'), { recursive: true, force: true });
}
