import type { Quality } from '../api/types';

export function scoreClass(score: number): string {
  if (score >= 80) return 'score-good';
  if (score >= 60) return 'score-fair';
  return 'score-poor';
}

/** The quality rules' score, and a "Needs review" flag when an item still fails them. */
export function QualityBadge({ quality }: { quality: Quality }) {
  return (
    <span className="quality">
      <span className={`badge ${scoreClass(quality.score)}`} title="Quality score from the backlog's quality rules">
        Quality {quality.score}
      </span>
      {quality.needs_review && <span className="badge badge-warning">Needs review</span>}
    </span>
  );
}
