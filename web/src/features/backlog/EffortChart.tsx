import { formatHours } from '../../lib/format';
import type { EffortRow } from './backlogModel';

/**
 * Effort per epic and feature: a table whose rows carry a bar of the hours, so the chart and
 * the numbers it shows are one and the same for every reader.
 */
export function EffortChart({ rows }: { rows: EffortRow[] }) {
  const maxEpic = Math.max(1, ...rows.filter((r) => r.level === 'epic').map((r) => r.effort.hours));
  const maxFeature = Math.max(1, ...rows.filter((r) => r.level === 'feature').map((r) => r.effort.hours));
  return (
    <div className="table-wrap">
      <table className="effort-chart">
        <caption>Effort per epic and feature (task hours; bars relative to the largest of their level)</caption>
        <thead>
          <tr>
            <th scope="col">Epic / feature</th>
            <th scope="col">Stories</th>
            <th scope="col">Story points</th>
            <th scope="col">Tasks</th>
            <th scope="col">Hours</th>
            <th scope="col" className="bar-col">
              <span className="visually-hidden">Bar</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const max = row.level === 'epic' ? maxEpic : maxFeature;
            const width = `${Math.round((row.effort.hours / max) * 100)}%`;
            return (
              <tr key={row.id} className={`effort-${row.level}`}>
                <th scope="row">{row.title}</th>
                <td>{row.effort.stories}</td>
                <td>
                  {row.effort.storyPoints}
                  {row.estimatedPoints !== undefined && row.estimatedPoints !== row.effort.storyPoints && (
                    <span className="small muted"> (estimated {row.estimatedPoints})</span>
                  )}
                </td>
                <td>{row.effort.tasks}</td>
                <td>{formatHours(row.effort.hours)}</td>
                <td className="bar-col" aria-hidden="true">
                  <span className={`bar bar-${row.level}`} style={{ width }} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
