import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { projects } from '../../api/endpoints';
import { ApiError } from '../../api/errors';
import type { Project } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { CheckboxField, TextField } from '../../components/Fields';
import { LimitsGrid } from '../../components/LimitsGrid';

/** Name, target users, vision, limits and test artefacts; domains are chosen at creation. */
export function ProjectEditForm({ project, onDone }: { project: Project; onDone(): void }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState(project.name);
  const [targetUsers, setTargetUsers] = useState(project.target_users);
  const [vision, setVision] = useState(project.vision);
  const [limits, setLimits] = useState(project.limits);
  const [includeTests, setIncludeTests] = useState(project.include_test_artifacts);
  const save = useMutation({
    mutationFn: () =>
      projects.update(project.id, { name, target_users: targetUsers, vision, limits, include_test_artifacts: includeTests }),
    onSuccess: (updated) => {
      queryClient.setQueryData(['project', project.id], { ...project, ...updated });
      void queryClient.invalidateQueries({ queryKey: ['projects'] });
      onDone();
    },
  });
  const field = (name: string) => (save.error instanceof ApiError ? save.error.fieldMessage(name) : undefined);

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }

  return (
    <form className="card" onSubmit={submit} aria-labelledby="edit-project-heading">
      <h2 id="edit-project-heading">Edit details</h2>
      <ErrorAlert error={save.error} title="The changes were not saved" />
      <TextField label="Project name" value={name} onChange={setName} required error={field('name')} />
      <TextField label="Target users" value={targetUsers} onChange={setTargetUsers} error={field('target_users')} />
      <TextField label="Product vision" multiline rows={8} value={vision} onChange={setVision} required error={field('vision')} />
      <fieldset className="limits">
        <legend>Limits</legend>
        <LimitsGrid limits={limits} onChange={setLimits} />
        {field('limits') && <p className="field-error">{field('limits')}</p>}
      </fieldset>
      <CheckboxField label="Generate test plans, test suites and test cases" checked={includeTests} onChange={setIncludeTests} />
      <p className="field-hint">Changes apply to the next generation; the current backlog stays as it is.</p>
      <div className="button-row">
        <button type="submit" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Save'}
        </button>
        <button type="button" className="button-secondary" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
