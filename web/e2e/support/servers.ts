// Starts the real service binary, the LLM emulator (tests/fakes/fake-llm) and the Azure DevOps
// emulator (tests/fakes/fake-ado) on free loopback ports, each in a fresh temporary folder, and
// stops them afterwards. Nothing listens beyond 127.0.0.1 and nothing is sent anywhere else.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const WEB_DIST = join(REPO_ROOT, 'web', 'dist');
const FAKE_LLM = join(REPO_ROOT, 'tests', 'fakes', 'fake-llm', 'server.js');
const FAKE_ADO = join(REPO_ROOT, 'tests', 'fakes', 'fake-ado', 'server.js');

/** The Azure DevOps emulator's organization, project (Agile process) and token (its defaults). */
export const FAKE_ADO_PROJECT = 'AgileProject';
export const FAKE_ADO_PAT = 'fakeadopatfakeadopatfakeadopatfakeadopatfakeadopat42';

/** The service binary under test: BACKLOG_BINARY, else the one scripts/test builds. */
export function backlogBinary(): string {
  const binary = process.env.BACKLOG_BINARY ?? join(REPO_ROOT, 'build', 'asan', 'backlog');
  if (!existsSync(binary)) throw new Error(`no service binary at ${binary}: build it first (scripts/test does)`);
  return binary;
}

class Child {
  private output = '';
  private readonly exited: Promise<number | null>;

  constructor(
    readonly name: string,
    readonly process: ChildProcess,
  ) {
    process.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    process.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.exited = new Promise((done) => process.on('exit', (code) => done(code)));
  }

  /** Resolves with the first match of `pattern` in the output; fails when the process exits first. */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
    return new Promise((found, failed) => {
      const timer = setTimeout(() => {
        cleanup();
        failed(new Error(`${this.name} printed no ${pattern} within ${timeoutMs} ms:\n${this.output}`));
      }, timeoutMs);
      const check = () => {
        const match = this.output.match(pattern);
        if (match) {
          cleanup();
          found(match);
        }
      };
      const onExit = (code: number | null) => {
        cleanup();
        failed(new Error(`${this.name} exited with ${code}:\n${this.output}`));
      };
      const cleanup = () => {
        clearTimeout(timer);
        this.process.stdout?.off('data', check);
        this.process.stderr?.off('data', check);
        this.process.off('exit', onExit);
      };
      this.process.stdout?.on('data', check);
      this.process.stderr?.on('data', check);
      this.process.on('exit', onExit);
      check();
    });
  }

  get log(): string {
    return this.output;
  }

  async stop(): Promise<number | null> {
    if (this.process.exitCode === null && this.process.signalCode === null) this.process.kill('SIGTERM');
    const timeout = new Promise<'timeout'>((done) => setTimeout(() => done('timeout'), 15_000));
    const result = await Promise.race([this.exited, timeout]);
    if (result === 'timeout') {
      this.process.kill('SIGKILL');
      return this.exited;
    }
    return result;
  }
}

export interface StackOptions {
  /** Extra environment for the service (limits for the abuse tests, say). */
  env?: Record<string, string>;
  /** Flags for the LLM emulator (latency so a generation can be watched). */
  llmArgs?: string[];
}

/** One running service with its own database, its own LLM emulator and Azure DevOps emulator. */
export class Stack {
  private constructor(
    readonly url: string,
    readonly llmUrl: string,
    /** The emulated organization's URL (what a user enters as the organization URL). */
    readonly adoOrgUrl: string,
    private readonly folder: string,
    private readonly env: Record<string, string>,
    private readonly service: Child,
    private readonly llm: Child,
    private readonly ado: Child,
  ) {}

  static async start(options: StackOptions = {}): Promise<Stack> {
    const folder = mkdtempSync(join(tmpdir(), 'backlog-e2e-'));
    mkdirSync(join(folder, 'data'));
    const llm = new Child(
      'fake-llm',
      spawn(process.execPath, [FAKE_LLM, '--host', '127.0.0.1', '--port', '0', ...(options.llmArgs ?? [])], {
        cwd: folder,
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    );
    const ado = new Child(
      'fake-ado',
      spawn(process.execPath, [FAKE_ADO, '--host', '127.0.0.1', '--port', '0'], {
        cwd: folder,
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    );
    let service: Child | undefined;
    try {
      const llmUrl = `http://127.0.0.1:${(await llm.waitFor(/listening on http:\/\/127\.0\.0\.1:(\d+)/, 30_000))[1]}`;
      const adoUrl = `http://127.0.0.1:${(await ado.waitFor(/fake-ado listening on http:\/\/127\.0\.0\.1:(\d+)/, 30_000))[1]}`;
      const env: Record<string, string> = {
        PATH: '/usr/local/bin:/usr/bin:/bin',
        HOME: folder,
        ASAN_OPTIONS: process.env.ASAN_OPTIONS ?? 'detect_leaks=0',
        ENVIRONMENT: 'development',
        JWT_SECRET_KEY: randomBytes(32).toString('hex'),
        HOST: '127.0.0.1',
        PORT: '0',
        DATABASE_URL: `sqlite://${join(folder, 'data', 'agile_backlog.db')}`,
        LOG_DIR: join(folder, 'logs'),
        STATIC_DIR: WEB_DIST,
        IO_THREADS: '2',
        WORKER_THREADS: '2',
        BCRYPT_COST: '10',
        LOGIN_RATE_LIMIT: '1000',
        REGISTER_RATE_LIMIT: '1000',
        API_RATE_LIMIT: '100000',
        LLM_PROVIDER: 'openai',
        OPENAI_BASE_URL: `${llmUrl}/v1`,
        OPENAI_API_KEY: 'sk-e2e-emulator',
        LLM_MODEL: 'gpt-4o-mini',
        LLM_TIMEOUT_SECONDS: '30',
        // Users may point their Azure DevOps connection at the emulator on the loopback address.
        TRACKER_ALLOWED_HOSTS: '127.0.0.1',
        ...options.env,
      };
      service = new Child(
        'service',
        spawn(backlogBinary(), ['serve'], { cwd: folder, env, stdio: ['ignore', 'pipe', 'pipe'] }),
      );
      const port = (await service.waitFor(/listening on http:\/\/127\.0\.0\.1:(\d+)/, 60_000))[1];
      return new Stack(`http://127.0.0.1:${port}`, llmUrl, `${adoUrl}/fabrikam`, folder, env, service, llm, ado);
    } catch (error) {
      await service?.stop();
      await llm.stop();
      await ado.stop();
      rmSync(folder, { recursive: true, force: true });
      throw error;
    }
  }

  /** Creates an administrator with the CLI, as an operator would (`backlog user create --admin`). */
  async createAdmin(username: string, password: string): Promise<void> {
    const child = new Child(
      'backlog user create',
      spawn(backlogBinary(), ['user', 'create', username, '--email', `${username}@example.com`, '--admin'], {
        cwd: this.folder,
        env: this.env,
        stdio: ['pipe', 'pipe', 'pipe'],
      }),
    );
    child.process.stdin?.end(`${password}\n`);
    const code = await new Promise<number | null>((done) => child.process.on('exit', done));
    if (code !== 0) throw new Error(`backlog user create exited with ${code}:\n${child.log}`);
  }

  /** Changes the emulator's behaviour at run time (its /_control/config API). */
  async configureLlm(config: Record<string, unknown>): Promise<void> {
    const response = await fetch(`${this.llmUrl}/_control/config`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(config),
    });
    if (!response.ok) throw new Error(`fake-llm config: ${response.status} ${await response.text()}`);
  }

  get serviceLog(): string {
    return this.service.log;
  }

  async stop(): Promise<void> {
    const code = await this.service.stop();
    await this.llm.stop();
    await this.ado.stop();
    rmSync(this.folder, { recursive: true, force: true });
    if (code !== 0) throw new Error(`the service exited with ${code}:\n${this.service.log.slice(-4000)}`);
  }
}
