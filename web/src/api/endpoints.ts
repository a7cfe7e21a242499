// Typed functions, one per route the UI uses. Screens call these, never fetch.
import { api, callRaw } from './client';
import type {
  AdminUserPage,
  Backlog,
  DeliveryState,
  DeviceSession,
  Domain,
  Envelope,
  Job,
  JobListItem,
  LlmSettings,
  ModelSettings,
  NotificationDelivery,
  NotificationSettings,
  NotificationSettingsChange,
  ConnectionTestResult,
  Project,
  ProjectFields,
  ProjectPage,
  ProjectTrackerSettings,
  Push,
  PushDetail,
  PushStarted,
  TrackerSettings,
  TrackerSettingsChange,
  UserTrackerSettings,
  SignedIn,
  Tokens,
  User,
  VisionAssessment,
  Verified,
  WorkItemLimits,
} from './types';

// ---- accounts ----
export const auth = {
  login: (username: string, password: string): Promise<Envelope<SignedIn>> =>
    api.post('/api/auth/login', { body: { username, password } }),
  register: (fields: { username: string; email: string; password: string; full_name?: string }): Promise<Envelope<SignedIn>> =>
    api.post('/api/auth/register', { body: fields }),
  refresh: (): Promise<Envelope<{ tokens: Tokens }>> => api.post('/api/auth/refresh', {}),
  logout: (): Promise<Envelope<null>> => api.post('/api/auth/logout', {}),
  me: (): Promise<Envelope<User>> => api.get('/api/auth/me', {}),
  verify: (): Promise<Envelope<Verified>> => api.get('/api/auth/verify', {}),
  changePassword: (current_password: string, new_password: string): Promise<Envelope<SignedIn>> =>
    api.post('/api/auth/change-password', {
      body: { current_password, new_password },
    }),
  sessions: (): Promise<Envelope<{ sessions: DeviceSession[] }>> => api.get('/api/auth/sessions', {}),
  endSession: (id: string): Promise<Envelope<null>> =>
    api.delete('/api/auth/sessions/{id}', { params: { id } }),
  invalidateAllTokens: (userId?: number): Promise<Envelope<{ user_id: number }>> =>
    api.post('/api/auth/invalidate-all-tokens', {
      body: userId === undefined ? {} : { user_id: userId },
    }),
};

// ---- settings ----
export const settings = {
  llm: (): Promise<Envelope<LlmSettings>> => api.get('/api/settings/llm', {}),
  saveLlm: (change: { settings?: ModelSettings; api_keys?: Record<string, string | null> }): Promise<Envelope<LlmSettings>> =>
    api.put('/api/settings/llm', { body: change }),
  limits: (): Promise<{ limits: WorkItemLimits }> => api.get('/api/settings/limits', {}),
  saveLimits: (limits: WorkItemLimits): Promise<{ limits: WorkItemLimits }> =>
    api.put('/api/settings/limits', { body: { limits } }),
};

// ---- notifications ----
export const notifications = {
  settings: (): Promise<Envelope<NotificationSettings>> => api.get('/api/settings/notifications', {}),
  save: (change: NotificationSettingsChange): Promise<Envelope<NotificationSettings>> =>
    api.put('/api/settings/notifications', { body: change }),
  ofProject: (projectId: string): Promise<Envelope<{ webhook_url: 'set' | 'not set' }>> =>
    api.get('/api/projects/{id}/notifications', { params: { id: projectId } }),
  /** "" removes the project's webhook. */
  saveProject: (projectId: string, webhookUrl: string): Promise<Envelope<{ webhook_url: 'set' | 'not set' }>> =>
    api.put('/api/projects/{id}/notifications', { params: { id: projectId }, body: { webhook_url: webhookUrl } }),
  deliveries: (state: DeliveryState | '', limit = 100): Promise<Envelope<{ deliveries: NotificationDelivery[] }>> =>
    api.get('/api/admin/notifications', { query: state ? { state, limit } : { limit } }),
  sendAgain: (id: number): Promise<Envelope<{ id: number }>> =>
    api.post('/api/admin/notifications/{id}/retry', { params: { id: String(id) } }),
};

// ---- projects ----
export const projects = {
  domains: (): Promise<{ domains: Domain[] }> => api.get('/api/domains', {}),
  list: (page: number, limit: number): Promise<ProjectPage> =>
    api.get('/api/projects', { query: { page, limit } }),
  get: (id: string): Promise<Project> => api.get('/api/projects/{id}', { params: { id } }),
  create: (fields: ProjectFields): Promise<Project> => api.post('/api/projects', { body: fields }),
  update: (id: string, fields: ProjectFields): Promise<Project> =>
    api.patch('/api/projects/{id}', { params: { id }, body: fields }),
  remove: (id: string): Promise<void> => api.delete('/api/projects/{id}', { params: { id } }),
};

// ---- vision ----
export const vision = {
  check: (text: string, domains: string[]): Promise<VisionAssessment> =>
    api.post('/api/vision/quality-check', {
      body: { vision: text, domains },
    }),
  optimize: (text: string, domains: string[]): Promise<Job> =>
    api.post('/api/vision/optimize', { body: { vision: text, domains } }),
};

// ---- jobs ----
export const jobs = {
  start: (projectId: string, replace: boolean): Promise<Job> =>
    api.post('/api/projects/{id}/jobs', {
      params: { id: projectId },
      body: replace ? { replace: true } : {},
    }),
  ofProject: (projectId: string): Promise<{ jobs: JobListItem[] }> =>
    api.get('/api/projects/{id}/jobs', {
      params: { id: projectId },
    }),
  get: (id: string): Promise<Job> => api.get('/api/jobs/{id}', { params: { id } }),
  cancel: (id: string): Promise<Job> => api.post('/api/jobs/{id}/cancel', { params: { id } }),
  /** The SSE stream's URL (EventSource sends the session cookie itself). */
  eventsUrl: (id: string) => `/api/jobs/${encodeURIComponent(id)}/events`,
};

// ---- the backlog ----
export type ExportFormat = 'json' | 'yaml' | 'markdown' | 'ado-csv' | 'jira-csv';

export const backlog = {
  get: (projectId: string): Promise<Backlog> =>
    api.get('/api/projects/{id}/backlog', { params: { id: projectId } }),
  patchNode: (id: string, patch: Record<string, unknown>): Promise<Record<string, unknown>> =>
    api.patch('/api/nodes/{id}', { params: { id }, body: patch }),
  deleteNode: (id: string): Promise<void> => api.delete('/api/nodes/{id}', { params: { id } }),
  regenerate: (id: string, options: { with_children: boolean; instructions?: string }): Promise<Job> =>
    api.post('/api/nodes/{id}/regenerate', { params: { id }, body: options }),
  /** The export as a file: its bytes and the name the service gave it. */
  async download(projectId: string, format: ExportFormat): Promise<{ blob: Blob; fileName: string }> {
    const response = await callRaw('get', '/api/projects/{id}/export', {
      params: { id: projectId },
      query: { format },
    });
    const disposition = response.headers.get('Content-Disposition') ?? '';
    const match = /filename="?([^";]+)"?/.exec(disposition);
    return { blob: await response.blob(), fileName: match?.[1] ?? `backlog.${format}` };
  },
};

// ---- Azure DevOps ----
export const tracker = {
  settings: (): Promise<UserTrackerSettings> => api.get('/api/settings/tracker', {}),
  saveSettings: (change: TrackerSettingsChange): Promise<{ settings: TrackerSettings }> =>
    api.put('/api/settings/tracker', { body: change }),
  ofProject: (projectId: string): Promise<ProjectTrackerSettings> =>
    api.get('/api/projects/{id}/tracker', { params: { id: projectId } }),
  /** Tests the saved connection with the form's unsaved values on top (nothing is stored). */
  test: (values: TrackerSettingsChange & { project_id?: string; create_missing_paths?: boolean }): Promise<ConnectionTestResult> =>
    api.post('/api/tracker/azure-devops/test', { body: values }),
  push: (projectId: string, createMissingPaths = false): Promise<PushStarted> =>
    api.post('/api/projects/{id}/push', {
      params: { id: projectId },
      body: createMissingPaths ? { create_missing_paths: true } : {},
    }),
  retry: (projectId: string): Promise<PushStarted> =>
    api.post('/api/projects/{id}/push/retry', { params: { id: projectId } }),
  pushes: (projectId: string): Promise<{ pushes: Push[] }> =>
    api.get('/api/projects/{id}/pushes', { params: { id: projectId } }),
  pushDetail: (projectId: string, pushId: string): Promise<PushDetail> =>
    api.get('/api/projects/{id}/pushes/{push_id}', { params: { id: projectId, push_id: pushId } }),
  /** Removes what the push created; the push id is sent back as the confirmation. */
  cleanUp: (projectId: string, pushId: string): Promise<PushStarted> =>
    api.delete('/api/projects/{id}/pushes/{push_id}', {
      params: { id: projectId, push_id: pushId },
      body: { confirm: pushId },
    }),
};

// ---- administration ----
export const admin = {
  users: (limit: number, offset: number): Promise<Envelope<AdminUserPage>> =>
    api.get('/api/admin/users', { query: { limit, offset } }),
  unlock: (id: number): Promise<Envelope<{ user_id: number }>> =>
    api.post('/api/admin/users/{id}/unlock', {
      params: { id: String(id) },
    }),
  disable: (id: number): Promise<Envelope<{ user_id: number }>> =>
    api.post('/api/admin/users/{id}/disable', {
      params: { id: String(id) },
    }),
  enable: (id: number): Promise<Envelope<{ user_id: number }>> =>
    api.post('/api/admin/users/{id}/enable', {
      params: { id: String(id) },
    }),
};

/** Routes of the service's table the UI deliberately does not call (checked by a unit test). */
export const ROUTES_NOT_USED_BY_THE_UI = [
  'get /api/health',
  'get /api/build-version',
  'get /metrics',
  'get /api/openapi.json',
  'post /api/auth/verify',
] as const;

/**
 * The Azure DevOps upload's routes the UI does not call yet: a project's own connection (the
 * project page shows the effective one and links to Settings to change it).
 */
export const TRACKER_ROUTES_NOT_YET_USED = [
  'put /api/projects/{id}/tracker',
  'delete /api/projects/{id}/tracker',
] as const;
