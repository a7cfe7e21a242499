import type { ReactNode } from 'react';
import type { NodeKind } from '../../api/types';
import { FIELD_SPECS } from './fieldSpecs';

/** An item's fields, read-only. */
export function NodeView({ kind, data }: { kind: NodeKind; data: Record<string, unknown> }) {
  return (
    <dl className="node-view">
      {FIELD_SPECS[kind].map((spec) => {
        const value = data[spec.key];
        let shown: ReactNode;
        if (spec.type === 'list') {
          const items = Array.isArray(value) ? value : [];
          shown = items.length ? (
            <ul>
              {items.map((item, i) => (
                <li key={i}>{String(item)}</li>
              ))}
            </ul>
          ) : (
            <span className="muted">none</span>
          );
        } else if (spec.type === 'steps') {
          const steps = Array.isArray(value) ? (value as { action: string; expected: string }[]) : [];
          shown = steps.length ? (
            <ol>
              {steps.map((s, i) => (
                <li key={i}>
                  {s.action} <span className="muted">→ expected:</span> {s.expected}
                </li>
              ))}
            </ol>
          ) : (
            <span className="muted">none</span>
          );
        } else if (spec.type === 'json') {
          shown = value === undefined ? <span className="muted">none</span> : <pre>{JSON.stringify(value, null, 2)}</pre>;
        } else if (spec.type === 'boolean') {
          shown = value ? 'Yes' : 'No';
        } else {
          shown = value === '' || value === undefined || value === null ? <span className="muted">—</span> : String(value);
        }
        return (
          <div key={spec.key} className="node-field">
            <dt>{spec.label}</dt>
            <dd>{shown}</dd>
          </div>
        );
      })}
    </dl>
  );
}
