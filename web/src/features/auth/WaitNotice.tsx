import { describeWait } from '../../api/errors';
import type { SignInProblem } from './signInErrors';

/** The problem in plain words, the service's detail, and a live count of the time left. */
export function WaitNotice({ problem, secondsLeft }: { problem: SignInProblem; secondsLeft: number | null }) {
  return (
    <div className="alert alert-error" role="alert">
      <strong className="alert-title">{problem.headline}</strong>
      <p>{problem.detail}</p>
      {secondsLeft !== null && problem.waitSeconds !== null && (
        <p className="wait-left">
          {secondsLeft > 0 ? <>Time left: {describeWait(secondsLeft)}.</> : <>You can try again now.</>}
        </p>
      )}
    </div>
  );
}
