import type { VisionAssessment } from '../../api/types';
import { scoreClass } from '../../components/QualityBadge';

/** A vision check's score, and what it found. */
export function VisionAssessmentView({ assessment, heading = 'Quality check' }: { assessment: VisionAssessment; heading?: string }) {
  const lists: [string, string[]][] = [
    ['Strengths', assessment.strengths],
    ['Gaps', assessment.gaps],
    ['Suggestions', assessment.suggestions],
  ];
  return (
    <div className="assessment">
      <h3>
        {heading}: <span className={`badge ${scoreClass(assessment.score)}`}>score {assessment.score} / 100</span>
        {assessment.ready !== undefined && (
          <span className="small muted"> · {assessment.ready ? 'ready to generate from' : 'worth improving first'}</span>
        )}
      </h3>
      <div className="assessment-lists">
        {lists.map(([title, items]) => (
          <div key={title}>
            <h4>{title}</h4>
            {items.length ? (
              <ul>
                {items.map((item, i) => (
                  <li key={i}>{item}</li>
                ))}
              </ul>
            ) : (
              <p className="muted">None.</p>
            )}
          </div>
        ))}
      </div>
    </div>
  );
}
