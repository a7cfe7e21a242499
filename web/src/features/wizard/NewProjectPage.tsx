import { useQuery } from '@tanstack/react-query';
import { useEffect, useReducer, useRef, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import { jobs, projects, settings } from '../../api/endpoints';
import { ApiError } from '../../api/errors';
import { ErrorAlert } from '../../components/ErrorAlert';
import { CheckboxField, TextField } from '../../components/Fields';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { DomainPicker } from './DomainPicker';
import { VisionStep } from './VisionStep';
import { LimitsGrid } from '../../components/LimitsGrid';
import {
  firstIncompleteStep,
  initialWizard,
  maxItems,
  STEPS,
  stepErrors,
  stepOfField,
  wizardReducer,
} from './wizardState';

export function NewProjectPage() {
  const navigate = useNavigate();
  const [state, dispatch] = useReducer(wizardReducer, initialWizard);
  const [showErrors, setShowErrors] = useState(false);
  const [submitError, setSubmitError] = useState<unknown>(null);
  const [busy, setBusy] = useState<'create' | 'generate' | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const domains = useQuery({ queryKey: ['domains'], queryFn: projects.domains, staleTime: Infinity });
  const defaults = useQuery({ queryKey: ['settings', 'limits'], queryFn: settings.limits });

  useEffect(() => {
    if (defaults.data) dispatch({ type: 'defaultLimits', limits: defaults.data.limits });
  }, [defaults.data]);

  // Each step's heading takes focus, so keyboard and screen reader users start at its top.
  useEffect(() => {
    heading.current?.focus();
  }, [state.step]);

  const errors = showErrors ? stepErrors(state, state.step) : {};
  const serverField = (name: string) => (submitError instanceof ApiError ? submitError.fieldMessage(name) : undefined);
  const last = state.step === STEPS.length - 1;

  function next(event: FormEvent) {
    event.preventDefault();
    if (Object.keys(stepErrors(state, state.step)).length > 0) {
      setShowErrors(true);
      return;
    }
    setShowErrors(false);
    dispatch({ type: 'goto', step: state.step + 1 });
  }

  async function create(generate: boolean) {
    const incomplete = firstIncompleteStep(state);
    if (incomplete >= 0) {
      dispatch({ type: 'goto', step: incomplete });
      setShowErrors(true);
      return;
    }
    setBusy(generate ? 'generate' : 'create');
    setSubmitError(null);
    try {
      const project = await projects.create({
        name: state.name.trim(),
        domains: state.domains,
        vision: state.vision.trim(),
        target_users: state.targetUsers.trim() || undefined,
        limits: state.limits!,
        include_test_artifacts: state.includeTests,
      });
      if (generate) {
        const job = await jobs.start(project.id, false);
        navigate(`/jobs/${job.id}`);
      } else {
        navigate(`/projects/${project.id}`);
      }
    } catch (error) {
      setSubmitError(error);
      const field = error instanceof ApiError ? error.errors[0]?.field : undefined;
      if (field) dispatch({ type: 'goto', step: stepOfField(field) });
    } finally {
      setBusy(null);
    }
  }

  const size = state.limits ? maxItems(state.limits, state.includeTests) : null;

  return (
    <section className="wizard">
      <PageTitle title="New project">New project</PageTitle>
      <ol className="stepper" aria-label="Steps">
        {STEPS.map((label, index) => (
          <li key={label} aria-current={index === state.step ? 'step' : undefined} className={index < state.step ? 'done' : ''}>
            {index < state.step ? (
              <button type="button" className="link-button" onClick={() => dispatch({ type: 'goto', step: index })}>
                {index + 1}. {label}
              </button>
            ) : (
              <span>
                {index + 1}. {label}
              </span>
            )}
          </li>
        ))}
      </ol>
      <ErrorAlert error={submitError} title="The project was not created" />
      <form onSubmit={next} noValidate>
        <h2 ref={heading} tabIndex={-1}>
          Step {state.step + 1} of {STEPS.length}: {STEPS[state.step]}
        </h2>
        {state.step === 0 && (
          <>
            <TextField
              label="Project name"
              value={state.name}
              onChange={(value) => dispatch({ type: 'set', field: 'name', value })}
              required
              error={errors.name ?? serverField('name')}
              maxLength={200}
            />
            <TextField
              label="Target users"
              value={state.targetUsers}
              onChange={(value) => dispatch({ type: 'set', field: 'targetUsers', value })}
              hint="Who will use the product, e.g. “patients, front-desk staff and practitioners”. Optional."
              error={serverField('target_users')}
            />
          </>
        )}
        {state.step === 1 &&
          (domains.isPending ? (
            <Loading label="Loading domains…" />
          ) : domains.error ? (
            <ErrorAlert error={domains.error} />
          ) : (
            <DomainPicker
              domains={domains.data.domains}
              selected={state.domains}
              error={errors.domains ?? serverField('domains')}
              onToggle={(key) => dispatch({ type: 'toggleDomain', key })}
              onMove={(key, by) => dispatch({ type: 'moveDomain', key, by })}
              onMakePrimary={(key) => dispatch({ type: 'makePrimary', key })}
            />
          ))}
        {state.step === 2 && (
          <VisionStep
            vision={state.vision}
            domains={state.domains}
            assessment={state.assessment}
            assessmentIsCurrent={state.assessedVision === state.vision.trim()}
            error={errors.vision ?? serverField('vision')}
            onChange={(value) => dispatch({ type: 'set', field: 'vision', value })}
            onAssessed={(vision, assessment) => dispatch({ type: 'assessed', vision, assessment })}
            onAcceptOptimized={(vision, assessment) => dispatch({ type: 'acceptOptimized', vision, assessment })}
          />
        )}
        {state.step === 3 && (
          <>
            {defaults.error && <ErrorAlert error={defaults.error} title="Your default limits could not be loaded" />}
            {!state.limits ? (
              <Loading label="Loading your default limits…" />
            ) : (
              <fieldset className="limits">
                <legend>How large the backlog may grow</legend>
                <p className="field-hint">Defaults come from your settings. Generation never goes past these numbers.</p>
                <LimitsGrid
                  limits={state.limits!}
                  errors={errors}
                  onChange={(limits) => dispatch({ type: 'limits', limits })}
                />
                {serverField('limits') && <p className="field-error">{serverField('limits')}</p>}
              </fieldset>
            )}
            <CheckboxField
              label="Generate test plans, test suites and test cases"
              checked={state.includeTests}
              onChange={(value) => dispatch({ type: 'includeTests', value })}
              hint="Takes longer and costs more tokens; you can turn it off and add tests later by generating again."
            />
            {size && Object.values(size).every(Number.isFinite) && (
              <p className="muted">
                At most {size.epics} epics, {size.features} features, {size.stories} stories, {size.tasks} tasks
                {state.includeTests ? ` and ${size.testCases} test cases` : ''}.
              </p>
            )}
          </>
        )}
        <div className="button-row wizard-nav">
          {state.step > 0 && (
            <button type="button" className="button-secondary" onClick={() => dispatch({ type: 'goto', step: state.step - 1 })}>
              Back
            </button>
          )}
          {!last && <button type="submit">Next</button>}
          {last && (
            <>
              <button type="button" onClick={() => void create(true)} disabled={busy !== null}>
                {busy === 'generate' ? 'Creating…' : 'Create project and generate backlog'}
              </button>
              <button type="button" className="button-secondary" onClick={() => void create(false)} disabled={busy !== null}>
                {busy === 'create' ? 'Creating…' : 'Create project only'}
              </button>
            </>
          )}
        </div>
      </form>
    </section>
  );
}
