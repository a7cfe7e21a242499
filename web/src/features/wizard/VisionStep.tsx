import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { jobs, vision as visionApi } from '../../api/endpoints';
import { isFinished, type VisionAssessment, type VisionOptimization } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { TextField } from '../../components/Fields';
import { Loading } from '../../components/Loading';
import { scoreClass } from '../../components/QualityBadge';
import { VisionAssessmentView } from './VisionAssessmentView';
import { byteLength, MAX_VISION_BYTES } from './wizardState';

const OPTIMIZE_STAGES: Record<string, string> = {
  assessing: 'Checking the current vision…',
  optimizing: 'Rewriting the vision to close its gaps…',
  reassessing: 'Checking the rewritten vision…',
  done: 'Done.',
};

export function VisionStep({
  vision,
  domains,
  assessment,
  assessmentIsCurrent,
  error,
  onChange,
  onAssessed,
  onAcceptOptimized,
}: {
  vision: string;
  domains: string[];
  assessment: VisionAssessment | null;
  assessmentIsCurrent: boolean;
  error?: string;
  onChange(text: string): void;
  onAssessed(text: string, assessment: VisionAssessment): void;
  onAcceptOptimized(text: string, assessment: VisionAssessment): void;
}) {
  const [optimizeJobId, setOptimizeJobId] = useState<string | null>(null);
  const [decided, setDecided] = useState(false);
  const text = vision.trim();
  const tooShort = byteLength(text) < 20;

  const check = useMutation({
    mutationFn: () => visionApi.check(text, domains),
    onSuccess: (result) => onAssessed(text, result),
  });
  const optimize = useMutation({
    mutationFn: () => visionApi.optimize(text, domains),
    onSuccess: (job) => {
      setDecided(false);
      setOptimizeJobId(job.id);
    },
  });
  const optimizeJob = useQuery({
    queryKey: ['job', optimizeJobId],
    queryFn: () => jobs.get(optimizeJobId!),
    enabled: Boolean(optimizeJobId),
    refetchInterval: (query) => (query.state.data && isFinished(query.state.data.state) ? false : 1_000),
  });
  const job = optimizeJob.data;
  const result = job?.state === 'completed' ? (job.result as VisionOptimization) : null;
  const optimizing = Boolean(optimizeJobId) && !decided && (!job || !isFinished(job.state));

  return (
    <div className="vision-step">
      <TextField
        label="Product vision"
        multiline
        rows={10}
        value={vision}
        onChange={onChange}
        required
        error={error}
        hint={`What the product is, for whom, the problem it solves and how success is measured. ${byteLength(vision)} of ${MAX_VISION_BYTES} bytes.`}
      />
      <div className="button-row">
        <button type="button" onClick={() => check.mutate()} disabled={tooShort || check.isPending || optimizing}>
          {check.isPending ? 'Checking…' : 'Check quality'}
        </button>
        <button type="button" className="button-secondary" onClick={() => optimize.mutate()} disabled={tooShort || optimize.isPending || optimizing}>
          {optimizing ? 'Optimizing…' : 'Optimize vision'}
        </button>
      </div>
      {check.isPending && <Loading label="The vision is being checked (one model call)…" />}
      <ErrorAlert error={check.error} title="The vision could not be checked" />
      <ErrorAlert error={optimize.error} title="The optimization could not start" />
      <ErrorAlert error={optimizeJob.error} />
      {assessment && (
        <div aria-live="polite">
          {!assessmentIsCurrent && <p className="muted">The vision changed since this check; check it again to update the score.</p>}
          <VisionAssessmentView assessment={assessment} />
        </div>
      )}
      {optimizing && <Loading label={OPTIMIZE_STAGES[job?.progress?.stage ?? ''] ?? 'Optimizing the vision…'} />}
      {job && (job.state === 'failed' || job.state === 'cancelled') && !decided && (
        <div className="alert alert-error" role="alert">
          <p>The optimization {job.state === 'failed' ? 'failed' : 'was cancelled'}{job.error ? `: ${job.error}` : '.'}</p>
        </div>
      )}
      {result && !decided && (
        <section className="compare" aria-labelledby="compare-heading">
          <h3 id="compare-heading">Optimized vision: before and after</h3>
          <div className="compare-columns">
            <div>
              <h4>
                Before <span className={`badge ${scoreClass(result.before.score)}`}>score {result.before.score}</span>
              </h4>
              <blockquote className="vision-text">{typeof job?.options?.vision === 'string' ? job.options.vision : text}</blockquote>
            </div>
            <div>
              <h4>
                After <span className={`badge ${scoreClass(result.after.score)}`}>score {result.after.score}</span>
              </h4>
              <blockquote className="vision-text">{result.optimized_vision}</blockquote>
            </div>
          </div>
          {result.changes.length > 0 && (
            <>
              <h4>What changed</h4>
              <ul>
                {result.changes.map((change, i) => (
                  <li key={i}>{change}</li>
                ))}
              </ul>
            </>
          )}
          <div className="button-row">
            <button
              type="button"
              onClick={() => {
                onAcceptOptimized(result.optimized_vision, result.after);
                setDecided(true);
              }}
            >
              Use the optimized vision
            </button>
            <button type="button" className="button-secondary" onClick={() => setDecided(true)}>
              Keep my vision
            </button>
          </div>
        </section>
      )}
    </div>
  );
}
