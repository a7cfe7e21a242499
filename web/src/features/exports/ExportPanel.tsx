import { useState } from 'react';
import { backlog, type ExportFormat } from '../../api/endpoints';
import { ErrorAlert } from '../../components/ErrorAlert';

export const EXPORT_FORMATS: { format: ExportFormat; label: string; hint: string }[] = [
  { format: 'json', label: 'JSON', hint: 'the whole backlog, for other tools' },
  { format: 'yaml', label: 'YAML', hint: 'the whole backlog, easy to read and diff' },
  { format: 'markdown', label: 'Markdown', hint: 'a document to share or print' },
  { format: 'ado-csv', label: 'Azure DevOps CSV', hint: 'for Boards › Import work items' },
  { format: 'jira-csv', label: 'Jira CSV', hint: 'for Jira’s CSV importer' },
];

/** Saves a downloaded file through a temporary link (the export is fetched with the session). */
function save(blob: Blob, fileName: string) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function ExportPanel({ projectId }: { projectId: string }) {
  const [busy, setBusy] = useState<ExportFormat | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);

  async function download(format: ExportFormat) {
    setBusy(format);
    setError(null);
    setDone(null);
    try {
      const file = await backlog.download(projectId, format);
      save(file.blob, file.fileName);
      setDone(`Downloaded ${file.fileName}.`);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(null);
    }
  }

  return (
    <section className="exports" aria-labelledby="exports-heading">
      <h2 id="exports-heading">Export</h2>
      <ErrorAlert error={error} title="The export failed" />
      <ul className="export-list">
        {EXPORT_FORMATS.map(({ format, label, hint }) => (
          <li key={format}>
            <button type="button" className="button-secondary" onClick={() => void download(format)} disabled={busy !== null}>
              {busy === format ? 'Preparing…' : `Download ${label}`}
            </button>
            <span className="small muted"> {hint}</span>
          </li>
        ))}
      </ul>
      <p role="status" className="small">
        {done}
      </p>
    </section>
  );
}
