// Shapes of the service's answers (the OpenAPI document lists routes, not bodies; these follow
// the handlers in src/api and are exercised end to end by the browser tests).

export interface Envelope<T> {
  success: boolean;
  message: string;
  data: T;
}

export interface User {
  id: number;
  username: string;
  email: string;
  full_name: string;
  created_at: number;
  role?: 'user' | 'admin';
  is_active?: boolean;
}

export interface Tokens {
  access_token: string;
  token_type: string;
  expires_in: number;
}

export interface SignedIn {
  user: User;
  tokens: Tokens;
}

export interface Verified {
  valid: boolean;
  user_id: number;
  username: string;
  role: string;
  expires_at: number;
}

export interface DeviceSession {
  id: string;
  created_at: number;
  last_used_at: number;
  expires_at: number;
  user_agent: string;
  ip_address: string;
  current: boolean;
}

export interface Domain {
  key: string;
  name: string;
  description: string;
}

export interface WorkItemLimits {
  max_epics: number;
  max_features_per_epic: number;
  max_stories_per_feature: number;
  max_tasks_per_story: number;
  max_test_cases_per_story: number;
}

export interface ProjectSummary {
  id: string;
  name: string;
  domains: string[];
  created_at: number;
  updated_at: number;
}

export interface ProjectPage {
  projects: ProjectSummary[];
  total: number;
  page: number;
  limit: number;
}

export interface Project extends ProjectSummary {
  owner_id: number;
  vision: string;
  target_users: string;
  limits: WorkItemLimits;
  include_test_artifacts: boolean;
  active_job_id?: string | null;
}

export interface ProjectFields {
  name?: string;
  domains?: string[];
  vision?: string;
  target_users?: string;
  limits?: WorkItemLimits;
  include_test_artifacts?: boolean;
}

export interface VisionAssessment {
  score: number;
  strengths: string[];
  gaps: string[];
  suggestions: string[];
  ready?: boolean;
}

export interface VisionOptimization {
  before: VisionAssessment;
  optimized_vision: string;
  changes: string[];
  after: VisionAssessment;
}

export type JobState = 'queued' | 'running' | 'completed' | 'completed_with_warnings' | 'failed' | 'cancelled';
export type JobKind = 'generate' | 'regenerate' | 'optimize_vision' | 'push' | 'push_cleanup';

export interface StepCount {
  done: number;
  total: number;
}

export interface Usage {
  calls: number;
  prompt_tokens: number;
  completion_tokens: number;
  cost_usd: number;
}

export interface Progress {
  steps: Record<string, StepCount>;
  done: number;
  total: number;
  needs_review?: number;
  failed_steps?: number;
  elapsed_s?: number;
  eta_s?: number | null;
  usage?: Usage;
  stage?: string;
}

export interface JobSummary {
  nodes?: Record<string, number>;
  needs_review?: number;
  failed_steps?: number;
  duration_s?: number;
  usage?: Usage;
  [key: string]: unknown;
}

export interface Job {
  id: string;
  project_id: string | null;
  kind: JobKind;
  state: JobState;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
  cancel_requested: boolean;
  options: Record<string, unknown> | null;
  result: unknown;
  error: string | null;
  progress: Progress | null;
  last_event_id: number;
}

export interface JobListItem {
  id: string;
  kind: JobKind;
  state: JobState;
  created_at: number;
  finished_at: number | null;
  error: string | null;
}

export const FINISHED_STATES: readonly JobState[] = ['completed', 'completed_with_warnings', 'failed', 'cancelled'];

export function isFinished(state: JobState): boolean {
  return FINISHED_STATES.includes(state);
}

// ---- the backlog tree ----

export interface Finding {
  rule: string;
  message: string;
  severity: 'error' | 'warning';
}

export interface Quality {
  score: number;
  findings: Finding[];
  attempts: number;
  needs_review: boolean;
}

export interface TestStep {
  action: string;
  expected: string;
}

export interface TestCase {
  id: string;
  title: string;
  description: string;
  type: string;
  priority: string;
  preconditions: string[];
  steps: TestStep[];
  test_data: string[];
  automation_candidate: boolean;
  quality: Quality;
}

export interface TestSuite {
  id: string;
  name: string;
  description: string;
  test_categories: string[];
  test_objectives: string[];
  prerequisites: string[];
  test_data_requirements: string[];
  priority: string;
  quality: Quality;
}

export interface Risk {
  risk: string;
  impact: string;
  mitigation: string;
}

export interface TestPlan {
  id: string;
  name: string;
  description: string;
  test_approach: string;
  test_types: string[];
  entry_criteria: string[];
  exit_criteria: string[];
  test_environment: { description: string; data_requirements: string[]; tools_required: string[] };
  risks_and_mitigations: Risk[];
  quality: Quality;
}

export interface Task {
  id: string;
  title: string;
  description: string;
  category: string;
  estimate_hours: number;
  story_points: number;
  complexity: string;
  dependencies: string[];
  acceptance_criteria: string[];
  technical_details?: Record<string, unknown>;
  quality: Quality;
}

export interface Story {
  id: string;
  title: string;
  user_story: string;
  description: string;
  acceptance_criteria: string[];
  story_points: number;
  priority: string;
  category: string;
  user_type: string;
  quality: Quality;
  tasks: Task[];
  test_cases: TestCase[];
  test_suite?: TestSuite;
}

export interface Feature {
  id: string;
  title: string;
  description: string;
  priority: string;
  estimated_story_points: number;
  dependencies: string[];
  ui_ux_requirements: string[];
  technical_considerations: string[];
  business_value: string;
  edge_cases: string[];
  category: string;
  quality: Quality;
  stories: Story[];
  test_plan?: TestPlan;
}

export interface Epic {
  id: string;
  title: string;
  description: string;
  priority: string;
  estimated_complexity: string;
  category: string;
  quality: Quality;
  features: Feature[];
}

export type NodeKind = 'epic' | 'feature' | 'story' | 'task' | 'test_plan' | 'test_suite' | 'test_case';

export interface NodeCounts {
  epics: number;
  features: number;
  stories: number;
  tasks: number;
  test_plans: number;
  test_suites: number;
  test_cases: number;
}

export interface Backlog {
  project: Project;
  epics: Epic[];
  counts: NodeCounts;
}

// ---- settings ----

export interface ModelChoice {
  provider?: string;
  model?: string;
  temperature?: number;
  max_tokens?: number;
}

export interface ModelSettings {
  defaults: ModelChoice;
  agents: Record<string, ModelChoice>;
}

export interface ResolvedModel {
  provider: string;
  model: string;
  temperature: number;
  max_tokens: number;
}

export interface LlmSettings {
  settings: ModelSettings;
  server_defaults: ModelSettings;
  environment: ResolvedModel;
  effective: Record<string, ResolvedModel>;
  enabled_providers: string[];
  api_keys: Record<string, { set: boolean; updated_at?: number }>;
}

export interface AdminUser {
  id: number;
  username: string;
  email: string;
  full_name: string;
  role: string;
  is_active: boolean;
  created_at: number;
  locked: boolean;
  locked_until: number | null;
}

export interface AdminUserPage {
  users: AdminUser[];
  total: number;
  limit: number;
  offset: number;
}

// ---- Azure DevOps (the tracker) ----

export interface TrackerSettings {
  organization_url: string;
  project: string;
  area_path: string;
  iteration_path: string;
  /** The PAT is write-only: the service says whether one is stored, never what it is. */
  pat: 'set' | 'not set';
  /** Where the values come from: 'user', 'project', 'server' or '' (none). */
  source: string;
}

export interface UserTrackerSettings {
  settings: TrackerSettings;
  server_default: TrackerSettings | null;
}

export interface ProjectTrackerSettings {
  settings: TrackerSettings | null;
  effective: TrackerSettings;
}

/** What the form sends; a field left out is kept, `pat: ''` clears the stored token. */
export interface TrackerSettingsChange {
  organization_url?: string;
  project?: string;
  area_path?: string;
  iteration_path?: string;
  pat?: string;
}

export interface ConnectionTestResult {
  ok: boolean;
  message: string;
  problem?: string;
  tested: TrackerSettings;
  project?: { id: string; name: string };
  process?: {
    name: string;
    types: { epic: string; feature: string; story: string; task: string; test_case: string | null };
    story_estimate_field: string;
    task_original_estimate: boolean;
    notes: string[];
  };
  test_plans?: boolean;
  area_paths?: string[];
  iteration_paths?: string[];
  created_paths?: string[];
  warnings?: string[];
}

export type PushItemState = 'pending' | 'sending' | 'created' | 'failed' | 'blocked' | 'skipped' | 'removed';

export interface PushCounts {
  total: number;
  pending?: number;
  sending?: number;
  created?: number;
  failed?: number;
  blocked?: number;
  skipped?: number;
  removed?: number;
}

export interface Push {
  id: string;
  project_id: string;
  job_id: string;
  tag: string;
  state: string;
  target: { organization_url?: string; project?: string } | null;
  counts: PushCounts;
  created_at: number;
  updated_at: number;
}

export interface PushItem {
  node_id: string;
  kind: string;
  title: string;
  state: PushItemState;
  attempts: number;
  tracker_id: number | null;
  url: string;
  error?: string;
}

export interface PushDetail extends Push {
  items: PushItem[];
}

/** The answer to starting a push, its retry or its cleanup: the job, plus the push. */
export interface PushStarted extends Job {
  push_id: string;
  items: number;
}

/** GET/PUT /api/settings/notifications: what the user hears of, and where. */
export interface NotificationSettings {
  email: boolean;
  webhook: boolean;
  job_completed: boolean;
  job_failed: boolean;
  /** The URL itself is never sent back. */
  webhook_url: 'set' | 'not set';
  /** Whether the server can send e-mail at all (SMTP_URL). */
  email_available: boolean;
  email_address: string;
}

export interface NotificationSettingsChange {
  email?: boolean;
  webhook?: boolean;
  job_completed?: boolean;
  job_failed?: boolean;
  /** "" removes the webhook. */
  webhook_url?: string;
}

export type DeliveryState = 'pending' | 'claimed' | 'sending' | 'sent' | 'failed' | 'unknown';

/** One message to one recipient, as admins see it (GET /api/admin/notifications). */
export interface NotificationDelivery {
  id: number;
  notification_id: number;
  kind: 'job_finished' | 'security' | 'backup_failed';
  channel: 'email' | 'webhook';
  /** An address, or whose webhook: user:<id>, project:<id>, operator. */
  recipient: string;
  state: DeliveryState;
  attempts: number;
  next_attempt_at: number;
  last_error: string;
  created_at: number;
  sent_at: number | null;
  job_id?: string;
}
