import { NODE_KIND_LABELS } from '../../lib/format';
import { QualityBadge } from '../../components/QualityBadge';
import type { TreeNode } from './backlogModel';

/**
 * The backlog as nested lists. Each item is a button that opens it in the detail panel; items
 * with children have a disclosure button (aria-expanded). Plain buttons keep every action
 * reachable with Tab and Enter.
 */
export function BacklogTree({
  roots,
  expanded,
  selectedId,
  onToggle,
  onSelect,
}: {
  roots: TreeNode[];
  expanded: Set<string>;
  selectedId: string | null;
  onToggle(id: string): void;
  onSelect(id: string): void;
}) {
  const render = (nodes: TreeNode[], depth: number) => (
    <ul className={depth === 0 ? 'tree' : 'tree-children'}>
      {nodes.map((node) => {
        const open = expanded.has(node.id);
        const label = NODE_KIND_LABELS[node.kind] ?? node.kind;
        return (
          <li key={node.id} className={`tree-item kind-${node.kind}`}>
            <div className={`tree-row ${selectedId === node.id ? 'selected' : ''}`}>
              {node.children.length > 0 ? (
                <button
                  type="button"
                  className="disclosure"
                  aria-expanded={open}
                  aria-label={`${open ? 'Collapse' : 'Expand'} ${label.toLowerCase()} ${node.title}`}
                  onClick={() => onToggle(node.id)}
                >
                  <span aria-hidden="true">{open ? '▾' : '▸'}</span>
                </button>
              ) : (
                <span className="disclosure-spacer" aria-hidden="true" />
              )}
              <button
                type="button"
                className="tree-select"
                aria-current={selectedId === node.id ? 'true' : undefined}
                onClick={() => onSelect(node.id)}
              >
                <span className="kind-label">{label}</span>
                <span className="tree-title">{node.title || 'Untitled'}</span>
              </button>
              <QualityBadge quality={node.quality} />
            </div>
            {open && node.children.length > 0 && render(node.children, depth + 1)}
          </li>
        );
      })}
    </ul>
  );
  return render(roots, 0);
}
