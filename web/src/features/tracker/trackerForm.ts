// What the connection form sends. The PAT is write-only: the form never holds the stored one, so
// it is sent only when the user typed a new one (`pat: ''` clears it, a separate action); every
// other field is sent as shown.
import type { TrackerSettings, TrackerSettingsChange } from '../../api/types';

export interface TrackerFormValues {
  organization_url: string;
  project: string;
  area_path: string;
  iteration_path: string;
  /** A new token typed into the form; '' keeps the stored one. */
  pat: string;
}

export function formValuesFrom(settings: TrackerSettings | null | undefined): TrackerFormValues {
  return {
    organization_url: settings?.organization_url ?? '',
    project: settings?.project ?? '',
    area_path: settings?.area_path ?? '',
    iteration_path: settings?.iteration_path ?? '',
    pat: '',
  };
}

/** The body of PUT /api/settings/tracker (and of the connection test) for the form's values. */
export function settingsChange(values: TrackerFormValues): TrackerSettingsChange {
  const change: TrackerSettingsChange = {
    organization_url: values.organization_url.trim(),
    project: values.project.trim(),
    area_path: values.area_path.trim(),
    iteration_path: values.iteration_path.trim(),
  };
  const pat = values.pat.trim();
  if (pat) change.pat = pat;
  return change;
}

/** The body that removes the stored token and nothing else. */
export function clearPatChange(): TrackerSettingsChange {
  return { pat: '' };
}

/** The connection test warns about an area or iteration path that does not exist yet. */
export function hasMissingPath(warnings: readonly string[] | undefined): boolean {
  return (warnings ?? []).some((w) => /path ".*" does not exist yet/.test(w));
}
