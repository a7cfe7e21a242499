import { NODE_KIND_LABELS } from '../../lib/format';
import { childrenByParent, roots, type LiveNode } from './jobEvents';

/** The items as they are made, nested under their parents. */
export function LiveItems({ nodes }: { nodes: Map<string, LiveNode> }) {
  if (nodes.size === 0) return <p className="muted">Items appear here as they are written.</p>;
  const children = childrenByParent(nodes);
  const renderList = (list: LiveNode[]) => (
    <ul className="live-tree">
      {list.map((node) => {
        const kids = children.get(node.id) ?? [];
        return (
          <li key={node.id} className={`live-node kind-${node.kind}`}>
            <span className="kind-label">{NODE_KIND_LABELS[node.kind] ?? node.kind}</span> {node.title || <em>untitled</em>}
            {node.updated && <span className="badge badge-info">rewritten</span>}
            {kids.length > 0 && renderList(kids)}
          </li>
        );
      })}
    </ul>
  );
  return renderList(roots(nodes));
}
