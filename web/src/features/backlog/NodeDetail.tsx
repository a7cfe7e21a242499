import { useMutation } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { backlog } from '../../api/endpoints';
import type { Job, Quality } from '../../api/types';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorAlert } from '../../components/ErrorAlert';
import { QualityBadge } from '../../components/QualityBadge';
import { NODE_KIND_LABELS, plural } from '../../lib/format';
import { countDescendants, type TreeNode } from './backlogModel';
import { NodeEditor } from './NodeEditor';
import { NodeView } from './NodeView';
import { RegenerateForm } from './RegenerateForm';

type Mode = 'view' | 'edit' | 'regenerate';

/** One item: its quality and findings, its fields, and what can be done with it. */
export function NodeDetail({
  node,
  path,
  busy,
  onChanged,
  onDeleted,
  onRegenerating,
}: {
  node: TreeNode;
  path: TreeNode[];
  /** A job is changing the backlog: edits would be refused. */
  busy: boolean;
  onChanged(): Promise<unknown>;
  onDeleted(parentId: string | null): void;
  onRegenerating(job: Job): void;
}) {
  const headingId = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const [mode, setMode] = useState<Mode>('view');
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [saved, setSaved] = useState<Quality | null>(null);
  const label = NODE_KIND_LABELS[node.kind] ?? node.kind;
  const descendants = countDescendants(node);

  useEffect(() => {
    setMode('view');
    setSaved(null);
  }, [node.id]);

  const save = useMutation({
    mutationFn: (patch: Record<string, unknown>) => backlog.patchNode(node.id, patch),
    onSuccess: async (answer) => {
      await onChanged();
      setSaved((answer.quality as Quality | undefined) ?? null);
      setMode('view');
      heading.current?.focus();
    },
  });
  const remove = useMutation({
    mutationFn: () => backlog.deleteNode(node.id),
    onSuccess: async () => {
      setConfirmDelete(false);
      await onChanged();
      onDeleted(path.at(-1)?.id ?? null);
    },
    onError: () => setConfirmDelete(false),
  });
  const regenerate = useMutation({
    mutationFn: (options: { with_children: boolean; instructions?: string }) => backlog.regenerate(node.id, options),
    onSuccess: (job) => {
      setMode('view');
      onRegenerating(job);
    },
  });

  return (
    <section className="node-detail" aria-labelledby={headingId}>
      {path.length > 0 && (
        <p className="breadcrumbs small">
          {path.map((p) => `${NODE_KIND_LABELS[p.kind]}: ${p.title}`).join(' › ')}
        </p>
      )}
      <h2 id={headingId} ref={heading} tabIndex={-1}>
        <span className="kind-label">{label}</span> {node.title || 'Untitled'}
      </h2>
      <div className="quality-block">
        <QualityBadge quality={node.quality} />
        {node.quality.attempts > 1 && <span className="small muted"> generated {node.quality.attempts} times</span>}
      </div>
      {saved && (
        <p className="alert alert-success" role="status">
          Saved. The quality rules checked it again: score {saved.score}
          {saved.needs_review ? ', still needs review' : ''}
          {saved.findings.length ? ` (${plural(saved.findings.length, 'finding')})` : ', no findings'}.
        </p>
      )}
      <section aria-label="Findings" className="findings">
        {node.quality.findings.length === 0 ? (
          <p className="muted">The quality rules found nothing to improve.</p>
        ) : (
          <ul>
            {node.quality.findings.map((finding, i) => (
              <li key={i} className={`finding finding-${finding.severity}`}>
                <span className="badge">{finding.severity === 'error' ? 'Problem' : 'Suggestion'}</span> {finding.message}{' '}
                <span className="small muted">({finding.rule})</span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <ErrorAlert error={remove.error} title="The item was not deleted" />
      <ErrorAlert error={regenerate.error} title="Regeneration did not start" />
      {busy && <p className="muted">A job is changing this backlog; editing is possible again when it ends.</p>}
      {mode === 'view' && (
        <div className="button-row">
          <button type="button" onClick={() => setMode('edit')} disabled={busy}>
            Edit
          </button>
          <button type="button" className="button-secondary" onClick={() => setMode('regenerate')} disabled={busy}>
            Regenerate
          </button>
          <button type="button" className="button-danger" onClick={() => setConfirmDelete(true)} disabled={busy}>
            Delete
          </button>
        </div>
      )}
      {mode === 'regenerate' && (
        <RegenerateForm
          hasChildren={descendants > 0}
          busy={regenerate.isPending}
          onSubmit={(options) => regenerate.mutate(options)}
          onCancel={() => setMode('view')}
        />
      )}
      {mode === 'edit' ? (
        <NodeEditor
          key={node.id}
          kind={node.kind}
          data={node.data}
          saving={save.isPending}
          error={save.error}
          onSave={(patch) => save.mutate(patch)}
          onCancel={() => {
            save.reset();
            setMode('view');
          }}
        />
      ) : (
        <NodeView kind={node.kind} data={node.data} />
      )}
      <ConfirmDialog
        open={confirmDelete}
        title={`Delete this ${label.toLowerCase()}?`}
        confirmLabel="Delete"
        danger
        busy={remove.isPending}
        onConfirm={() => remove.mutate()}
        onCancel={() => setConfirmDelete(false)}
      >
        <p>
          “{node.title}” {descendants > 0 ? `and the ${plural(descendants, 'item')} under it are` : 'is'} deleted. This cannot be undone.
        </p>
      </ConfirmDialog>
    </section>
  );
}
