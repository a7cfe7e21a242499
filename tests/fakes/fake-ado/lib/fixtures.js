// The four system processes (Agile, Scrum, Basic, CMMI): their GUIDs, work item types with the
// real field reference names, states and categories, and the field catalogue. This is what a
// client reads before it writes (process of a project → requirement type → fields of each type),
// so the differences between processes that matter to an uploader are kept exact:
//   requirement type  Agile "User Story", Scrum "Product Backlog Item", Basic "Issue", CMMI "Requirement"
//   its estimate      StoryPoints,         Effort,                      Effort,        Size
//   Task estimates    Agile and CMMI: OriginalEstimate + RemainingWork + CompletedWork;
//                     Scrum and Basic: RemainingWork only.

// ---- fields ----------------------------------------------------------------------------------

const F = (name, type, extra = {}) => ({ name, type, ...extra });
const PRIORITIES = [1, 2, 3, 4];

/** Every field the emulator knows, by reference name. `readOnly` fields are computed. */
export const FIELDS = {
  'System.Id': F('ID', 'integer', { readOnly: true }),
  'System.Rev': F('Rev', 'integer', { readOnly: true }),
  'System.Title': F('Title', 'string', { required: true }),
  'System.Description': F('Description', 'html'),
  'System.State': F('State', 'string'),
  'System.Reason': F('Reason', 'string'),
  'System.AssignedTo': F('Assigned To', 'identity'),
  'System.AreaPath': F('Area Path', 'treePath'),
  'System.AreaId': F('Area ID', 'integer', { readOnly: true }),
  'System.IterationPath': F('Iteration Path', 'treePath'),
  'System.IterationId': F('Iteration ID', 'integer', { readOnly: true }),
  'System.TeamProject': F('Team Project', 'string', { readOnly: true }),
  'System.WorkItemType': F('Work Item Type', 'string', { readOnly: true }),
  'System.Tags': F('Tags', 'plainText'),
  'System.CreatedDate': F('Created Date', 'dateTime', { readOnly: true }),
  'System.CreatedBy': F('Created By', 'identity', { readOnly: true }),
  'System.ChangedDate': F('Changed Date', 'dateTime', { readOnly: true }),
  'System.ChangedBy': F('Changed By', 'identity', { readOnly: true }),
  'System.CommentCount': F('Comment Count', 'integer', { readOnly: true }),
  'System.History': F('History', 'history'),
  'System.Parent': F('Parent', 'integer', { readOnly: true }),
  'Microsoft.VSTS.Common.StateChangeDate': F('State Change Date', 'dateTime', { readOnly: true }),
  'Microsoft.VSTS.Common.AcceptanceCriteria': F('Acceptance Criteria', 'html'),
  'Microsoft.VSTS.Common.Priority': F('Priority', 'integer', { allowed: PRIORITIES, default: 2 }),
  'Microsoft.VSTS.Common.BusinessValue': F('Business Value', 'integer'),
  'Microsoft.VSTS.Common.TimeCriticality': F('Time Criticality', 'double'),
  'Microsoft.VSTS.Common.ValueArea': F('Value Area', 'string', {
    allowed: ['Architectural', 'Business'],
    default: 'Business',
  }),
  'Microsoft.VSTS.Common.Risk': F('Risk', 'string', { allowed: ['1 - High', '2 - Medium', '3 - Low'] }),
  'Microsoft.VSTS.Common.Severity': F('Severity', 'string', {
    allowed: ['1 - Critical', '2 - High', '3 - Medium', '4 - Low'],
    default: '3 - Medium',
  }),
  'Microsoft.VSTS.Common.Activity': F('Activity', 'string', {
    allowed: ['Deployment', 'Design', 'Development', 'Documentation', 'Requirements', 'Testing'],
  }),
  'Microsoft.VSTS.Common.Discipline': F('Discipline', 'string', {
    allowed: ['Analysis', 'Development', 'Test', 'User Education', 'User Experience'],
  }),
  'Microsoft.VSTS.Scheduling.StoryPoints': F('Story Points', 'double'),
  'Microsoft.VSTS.Scheduling.Effort': F('Effort', 'double'),
  'Microsoft.VSTS.Scheduling.Size': F('Size', 'double'),
  'Microsoft.VSTS.Scheduling.OriginalEstimate': F('Original Estimate', 'double'),
  'Microsoft.VSTS.Scheduling.RemainingWork': F('Remaining Work', 'double'),
  'Microsoft.VSTS.Scheduling.CompletedWork': F('Completed Work', 'double'),
  'Microsoft.VSTS.Scheduling.StartDate': F('Start Date', 'dateTime'),
  'Microsoft.VSTS.Scheduling.TargetDate': F('Target Date', 'dateTime'),
  'Microsoft.VSTS.TCM.Steps': F('Steps', 'html'),
  'Microsoft.VSTS.TCM.ReproSteps': F('Repro Steps', 'html'),
  'Microsoft.VSTS.TCM.SystemInfo': F('System Info', 'html'),
  'Microsoft.VSTS.TCM.Parameters': F('Parameters', 'html'),
  'Microsoft.VSTS.TCM.LocalDataSource': F('Local Data Source', 'html'),
  'Microsoft.VSTS.TCM.AutomationStatus': F('Automation status', 'string', {
    allowed: ['Not Automated', 'Planned', 'Automated'],
    default: 'Not Automated',
  }),
  'Microsoft.VSTS.CMMI.RequirementType': F('Requirement Type', 'string', {
    required: true,
    allowed: [
      'Business Objective',
      'Feature',
      'Functional',
      'Interface',
      'Operational',
      'Quality of Service',
      'Safety',
      'Scenario',
      'Security',
    ],
    default: 'Functional',
  }),
  'Microsoft.VSTS.CMMI.TaskType': F('Task Type', 'string', {
    allowed: ['Corrective Action', 'Mitigation Action', 'Planned'],
  }),
  'Microsoft.VSTS.CMMI.Blocked': F('Blocked', 'string', { allowed: ['Yes', 'No'] }),
  'Microsoft.VSTS.CMMI.Committed': F('Committed', 'string', { allowed: ['Yes', 'No'], default: 'No' }),
};

/** Fields every work item type has. */
export const SYSTEM_FIELDS = [
  'System.Id',
  'System.Rev',
  'System.Title',
  'System.Description',
  'System.State',
  'System.Reason',
  'System.AssignedTo',
  'System.AreaPath',
  'System.AreaId',
  'System.IterationPath',
  'System.IterationId',
  'System.TeamProject',
  'System.WorkItemType',
  'System.Tags',
  'System.CreatedDate',
  'System.CreatedBy',
  'System.ChangedDate',
  'System.ChangedBy',
  'System.CommentCount',
  'System.History',
  'System.Parent',
  'Microsoft.VSTS.Common.StateChangeDate',
];

// ---- states ----------------------------------------------------------------------------------

const COLORS = { Proposed: 'b2b2b2', InProgress: '007acc', Resolved: 'ff9d00', Completed: '339933', Removed: 'ffffff' };
/** "New:Proposed,Active:InProgress" → [{name, category, color}] */
const states = (spec) =>
  spec.split(',').map((pair) => {
    const [name, category] = pair.split(':');
    return { name, color: COLORS[category], category };
  });

// ---- work item types -------------------------------------------------------------------------

const P = 'Microsoft.VSTS.';
const PRIORITY = `${P}Common.Priority`;
const ACCEPTANCE = `${P}Common.AcceptanceCriteria`;
const PORTFOLIO = [
  PRIORITY,
  `${P}Common.ValueArea`,
  `${P}Common.BusinessValue`,
  `${P}Common.TimeCriticality`,
  `${P}Scheduling.Effort`,
  `${P}Scheduling.StartDate`,
  `${P}Scheduling.TargetDate`,
  ACCEPTANCE,
];
const TASK_FULL = [
  PRIORITY,
  `${P}Common.Activity`,
  `${P}Scheduling.OriginalEstimate`,
  `${P}Scheduling.RemainingWork`,
  `${P}Scheduling.CompletedWork`,
];
const TASK_REMAINING = [PRIORITY, `${P}Common.Activity`, `${P}Scheduling.RemainingWork`];

const T = (name, ref, color, icon, fields, stateSpec, reason = 'New', description = `${name} work item.`) => ({
  name,
  referenceName: `Microsoft.VSTS.WorkItemTypes.${ref}`,
  color,
  icon,
  description,
  fields: [...SYSTEM_FIELDS, ...fields],
  states: states(stateSpec),
  initialReason: reason,
});

const TEST_TYPES = [
  T(
    'Test Case',
    'TestCase',
    '004B50',
    'icon_test_case',
    [PRIORITY, `${P}TCM.Steps`, `${P}TCM.AutomationStatus`, `${P}TCM.Parameters`, `${P}TCM.LocalDataSource`],
    'Design:Proposed,Ready:InProgress,Closed:Completed',
  ),
  T(
    'Test Plan',
    'TestPlan',
    '004B50',
    'icon_test_plan',
    [`${P}Scheduling.StartDate`, `${P}Scheduling.TargetDate`],
    'Active:InProgress,Inactive:Completed',
  ),
  T(
    'Test Suite',
    'TestSuite',
    '004B50',
    'icon_test_suite',
    [],
    'In Planning:Proposed,In Progress:InProgress,Completed:Completed',
  ),
  T(
    'Shared Steps',
    'SharedStep',
    '004B50',
    'icon_test_step',
    [PRIORITY, `${P}TCM.Steps`, `${P}TCM.Parameters`],
    'Active:InProgress,Closed:Completed',
  ),
];

const AGILE_TYPES = [
  T(
    'Epic',
    'Epic',
    'FF7B00',
    'icon_crown',
    [...PORTFOLIO, `${P}Common.Risk`],
    'New:Proposed,Active:InProgress,Resolved:Resolved,Closed:Completed,Removed:Removed',
  ),
  T(
    'Feature',
    'Feature',
    '773B93',
    'icon_trophy',
    [...PORTFOLIO, `${P}Common.Risk`],
    'New:Proposed,Active:InProgress,Resolved:Resolved,Closed:Completed,Removed:Removed',
  ),
  T(
    'User Story',
    'UserStory',
    '009CCC',
    'icon_book',
    [ACCEPTANCE, PRIORITY, `${P}Scheduling.StoryPoints`, `${P}Common.ValueArea`, `${P}Common.Risk`],
    'New:Proposed,Active:InProgress,Resolved:Resolved,Closed:Completed,Removed:Removed',
  ),
  T(
    'Task',
    'Task',
    'F2CB1D',
    'icon_clipboard',
    TASK_FULL,
    'New:Proposed,Active:InProgress,Closed:Completed,Removed:Removed',
  ),
  T(
    'Bug',
    'Bug',
    'CC293D',
    'icon_insect',
    [
      PRIORITY,
      `${P}Common.Severity`,
      `${P}TCM.ReproSteps`,
      `${P}TCM.SystemInfo`,
      `${P}Scheduling.StoryPoints`,
      `${P}Scheduling.OriginalEstimate`,
      `${P}Scheduling.RemainingWork`,
      `${P}Scheduling.CompletedWork`,
    ],
    'New:Proposed,Active:InProgress,Resolved:Resolved,Closed:Completed',
  ),
  T('Issue', 'Issue', 'B4009E', 'icon_traffic_cone', [PRIORITY], 'Active:InProgress,Closed:Completed'),
  ...TEST_TYPES,
];

const SCRUM_TYPES = [
  T(
    'Epic',
    'Epic',
    'FF7B00',
    'icon_crown',
    PORTFOLIO,
    'New:Proposed,In Progress:InProgress,Done:Completed,Removed:Removed',
  ),
  T(
    'Feature',
    'Feature',
    '773B93',
    'icon_trophy',
    PORTFOLIO,
    'New:Proposed,In Progress:InProgress,Done:Completed,Removed:Removed',
  ),
  T(
    'Product Backlog Item',
    'ProductBacklogItem',
    '009CCC',
    'icon_list',
    [ACCEPTANCE, PRIORITY, `${P}Scheduling.Effort`, `${P}Common.BusinessValue`, `${P}Common.ValueArea`],
    'New:Proposed,Approved:Proposed,Committed:InProgress,Done:Completed,Removed:Removed',
    'New backlog item',
  ),
  T(
    'Task',
    'Task',
    'A4880A',
    'icon_clipboard',
    TASK_REMAINING,
    'To Do:Proposed,In Progress:InProgress,Done:Completed,Removed:Removed',
    'New task',
  ),
  T(
    'Bug',
    'Bug',
    'CC293D',
    'icon_insect',
    [ACCEPTANCE, PRIORITY, `${P}Common.Severity`, `${P}TCM.ReproSteps`, `${P}TCM.SystemInfo`, `${P}Scheduling.Effort`],
    'New:Proposed,Approved:Proposed,Committed:InProgress,Done:Completed,Removed:Removed',
  ),
  T('Impediment', 'Impediment', 'B4009E', 'icon_traffic_cone', [PRIORITY], 'Open:InProgress,Closed:Completed'),
  ...TEST_TYPES,
];

const BASIC_TYPES = [
  T(
    'Epic',
    'Epic',
    'FF7B00',
    'icon_crown',
    [PRIORITY, `${P}Scheduling.Effort`, `${P}Scheduling.StartDate`, `${P}Scheduling.TargetDate`],
    'To Do:Proposed,Doing:InProgress,Done:Completed',
    'Added to backlog',
  ),
  T(
    'Issue',
    'Issue',
    '339947',
    'icon_list',
    [PRIORITY, `${P}Scheduling.Effort`],
    'To Do:Proposed,Doing:InProgress,Done:Completed',
    'Added to backlog',
  ),
  T(
    'Task',
    'Task',
    'A4880A',
    'icon_clipboard',
    TASK_REMAINING,
    'To Do:Proposed,Doing:InProgress,Done:Completed',
    'Added to backlog',
  ),
  ...TEST_TYPES,
];

const CMMI_STATES = 'Proposed:Proposed,Active:InProgress,Resolved:Resolved,Closed:Completed';
const CMMI_TYPES = [
  T('Epic', 'Epic', 'FF7B00', 'icon_crown', [...PORTFOLIO, `${P}Scheduling.Size`], CMMI_STATES),
  T('Feature', 'Feature', '773B93', 'icon_trophy', [...PORTFOLIO, `${P}Scheduling.Size`], CMMI_STATES),
  T(
    'Requirement',
    'Requirement',
    '009CCC',
    'icon_book',
    [
      ACCEPTANCE,
      PRIORITY,
      `${P}Scheduling.Size`,
      `${P}CMMI.RequirementType`,
      `${P}Common.ValueArea`,
      `${P}CMMI.Committed`,
      `${P}CMMI.Blocked`,
      `${P}Scheduling.OriginalEstimate`,
      `${P}Scheduling.RemainingWork`,
      `${P}Scheduling.CompletedWork`,
    ],
    CMMI_STATES,
  ),
  T(
    'Task',
    'Task',
    'F2CB1D',
    'icon_clipboard',
    [
      PRIORITY,
      `${P}Common.Discipline`,
      `${P}CMMI.TaskType`,
      `${P}CMMI.Blocked`,
      `${P}Scheduling.OriginalEstimate`,
      `${P}Scheduling.RemainingWork`,
      `${P}Scheduling.CompletedWork`,
    ],
    CMMI_STATES,
  ),
  T(
    'Bug',
    'Bug',
    'CC293D',
    'icon_insect',
    [
      PRIORITY,
      `${P}Common.Severity`,
      `${P}TCM.ReproSteps`,
      `${P}TCM.SystemInfo`,
      `${P}Scheduling.OriginalEstimate`,
      `${P}Scheduling.RemainingWork`,
      `${P}Scheduling.CompletedWork`,
    ],
    CMMI_STATES,
  ),
  T('Change Request', 'ChangeRequest', '4B6EB5', 'icon_review', [PRIORITY], CMMI_STATES),
  T(
    'Issue',
    'Issue',
    'B4009E',
    'icon_traffic_cone',
    [PRIORITY],
    'Proposed:Proposed,Active:InProgress,Closed:Completed',
  ),
  T('Review', 'Review', '4B6EB5', 'icon_chat_bubble', [], 'Active:InProgress,Closed:Completed'),
  T('Risk', 'Risk', 'B4009E', 'icon_traffic_cone', [PRIORITY], 'Proposed:Proposed,Active:InProgress,Closed:Completed'),
  ...TEST_TYPES,
];

// ---- categories ------------------------------------------------------------------------------

const CATEGORY_NAMES = {
  'Microsoft.EpicCategory': 'Epic Category',
  'Microsoft.FeatureCategory': 'Feature Category',
  'Microsoft.RequirementCategory': 'Requirement Category',
  'Microsoft.TaskCategory': 'Task Category',
  'Microsoft.BugCategory': 'Bug Category',
  'Microsoft.TestCaseCategory': 'Test Case Category',
  'Microsoft.TestPlanCategory': 'Test Plan Category',
  'Microsoft.TestSuiteCategory': 'Test Suite Category',
  'Microsoft.SharedStepCategory': 'Shared Step Category',
  'Microsoft.HiddenCategory': 'Hidden Types Category',
};

const categories = (requirement, { feature = true, bug = true } = {}) => {
  const out = { 'Microsoft.EpicCategory': ['Epic'] };
  if (feature) out['Microsoft.FeatureCategory'] = ['Feature'];
  out['Microsoft.RequirementCategory'] = [requirement];
  out['Microsoft.TaskCategory'] = ['Task'];
  if (bug) out['Microsoft.BugCategory'] = ['Bug'];
  out['Microsoft.TestCaseCategory'] = ['Test Case'];
  out['Microsoft.TestPlanCategory'] = ['Test Plan'];
  out['Microsoft.TestSuiteCategory'] = ['Test Suite'];
  out['Microsoft.SharedStepCategory'] = ['Shared Steps'];
  // The spec's example puts Test Plan and Test Suite in Hidden, not Test Case.
  out['Microsoft.HiddenCategory'] = ['Test Plan', 'Test Suite'];
  return out;
};

export function categoryName(referenceName) {
  return CATEGORY_NAMES[referenceName] ?? referenceName;
}

// ---- processes -------------------------------------------------------------------------------

const NO_PARENT = '00000000-0000-0000-0000-000000000000';

export const PROCESSES = {
  Agile: {
    typeId: 'adcc42ab-9882-485e-a3ed-7678f01f66bc',
    name: 'Agile',
    description: 'Agile process: epics, features, user stories estimated in story points, tasks and bugs.',
    isDefault: true,
    types: AGILE_TYPES,
    categories: categories('User Story'),
  },
  Scrum: {
    typeId: '6b724908-ef14-45cf-84f8-768b5384da45',
    name: 'Scrum',
    description: 'Scrum process: product backlog items estimated in effort, sprints, tasks with remaining work.',
    isDefault: false,
    types: SCRUM_TYPES,
    categories: categories('Product Backlog Item'),
  },
  Basic: {
    typeId: 'b8a3a935-7e91-48b8-a94c-606d37c3e9f2',
    name: 'Basic',
    description: 'Basic process: epics, issues estimated in effort, and tasks.',
    isDefault: false,
    types: BASIC_TYPES,
    categories: categories('Issue', { feature: false, bug: false }),
  },
  CMMI: {
    typeId: '27450541-8e31-4150-9947-dc59f998fc01',
    name: 'CMMI',
    description: 'CMMI process: requirements sized for formal planning, change requests, reviews and risks.',
    isDefault: false,
    types: CMMI_TYPES,
    categories: categories('Requirement'),
  },
};
for (const process of Object.values(PROCESSES)) process.parentProcessTypeId = NO_PARENT;

export function processByName(name) {
  const key = Object.keys(PROCESSES).find((k) => k.toLowerCase() === String(name).toLowerCase());
  return key ? PROCESSES[key] : null;
}

export function processById(id) {
  return Object.values(PROCESSES).find((p) => p.typeId === String(id).toLowerCase()) ?? null;
}

/** Iterations a new project of each process starts with (the service creates a few). */
export const DEFAULT_ITERATIONS = {
  Agile: ['Iteration 1', 'Iteration 2', 'Iteration 3'],
  Scrum: ['Sprint 1', 'Sprint 2', 'Sprint 3', 'Sprint 4', 'Sprint 5', 'Sprint 6'],
  Basic: ['Sprint 1'],
  CMMI: ['Iteration 1', 'Iteration 2', 'Iteration 3'],
};

/** The default project set: one per process. */
export const DEFAULT_PROJECTS = [
  { name: 'AgileProject', process: 'Agile' },
  { name: 'ScrumProject', process: 'Scrum' },
  { name: 'BasicProject', process: 'Basic' },
  { name: 'CmmiProject', process: 'CMMI' },
];

/** Link types (GET _apis/wit/workitemrelationtypes) and how each pairs up. */
export const RELATION_TYPES = [
  {
    rel: 'System.LinkTypes.Hierarchy-Forward',
    name: 'Child',
    inverse: 'System.LinkTypes.Hierarchy-Reverse',
    topology: 'tree',
  },
  {
    rel: 'System.LinkTypes.Hierarchy-Reverse',
    name: 'Parent',
    inverse: 'System.LinkTypes.Hierarchy-Forward',
    topology: 'tree',
  },
  { rel: 'System.LinkTypes.Related', name: 'Related', inverse: 'System.LinkTypes.Related', topology: 'network' },
  {
    rel: 'System.LinkTypes.Dependency-Forward',
    name: 'Successor',
    inverse: 'System.LinkTypes.Dependency-Reverse',
    topology: 'dependency',
  },
  {
    rel: 'System.LinkTypes.Dependency-Reverse',
    name: 'Predecessor',
    inverse: 'System.LinkTypes.Dependency-Forward',
    topology: 'dependency',
  },
  {
    rel: 'System.LinkTypes.Duplicate-Forward',
    name: 'Duplicate',
    inverse: 'System.LinkTypes.Duplicate-Reverse',
    topology: 'tree',
  },
  {
    rel: 'System.LinkTypes.Duplicate-Reverse',
    name: 'Duplicate Of',
    inverse: 'System.LinkTypes.Duplicate-Forward',
    topology: 'tree',
  },
  {
    rel: 'Microsoft.VSTS.Common.TestedBy-Forward',
    name: 'Tested By',
    inverse: 'Microsoft.VSTS.Common.TestedBy-Reverse',
    topology: 'dependency',
  },
  {
    rel: 'Microsoft.VSTS.Common.TestedBy-Reverse',
    name: 'Tests',
    inverse: 'Microsoft.VSTS.Common.TestedBy-Forward',
    topology: 'dependency',
  },
  {
    rel: 'Microsoft.VSTS.Common.Affects-Forward',
    name: 'Affects',
    inverse: 'Microsoft.VSTS.Common.Affects-Reverse',
    topology: 'dependency',
  },
  {
    rel: 'Microsoft.VSTS.Common.Affects-Reverse',
    name: 'Affected By',
    inverse: 'Microsoft.VSTS.Common.Affects-Forward',
    topology: 'dependency',
  },
  { rel: 'Hyperlink', name: 'Hyperlink', inverse: null, topology: 'resource' },
  { rel: 'ArtifactLink', name: 'Artifact Link', inverse: null, topology: 'resource' },
  { rel: 'AttachedFile', name: 'Attached File', inverse: null, topology: 'resource' },
];

export function relationType(rel) {
  const lower = String(rel).toLowerCase();
  return RELATION_TYPES.find((t) => t.rel.toLowerCase() === lower) ?? null;
}
