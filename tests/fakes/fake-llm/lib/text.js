// Wording for generated backlog items. Templates take their nouns from the prompt's terms, so a
// backlog about "Clinic patients" talks about clinic patients. Each template is written to read
// naturally with any noun phrase in its slots and to pass the original system's quality checks
// (titles under 60 characters, "As a …, I want …, so that …" with one goal, Given/When/Then).
//
// A "variant" number (derived from the element's position and the request's seed) picks the
// template and the terms, so two elements of one array read differently while the same request
// always reads the same.

const TITLES = {
  epic: [
    '{A} for {b}',
    'Self-service {a} portal',
    'Real-time {a} tracking',
    '{A} analytics and reporting',
    'Secure access to {a}',
    '{A} integration with {b}',
    'Mobile {a} experience',
  ],
  feature: [
    '{A} dashboard for {roles}',
    '{A} search and filters',
    'Automated {a} reminders',
    '{A} for {b}',
    '{A} status tracking',
    'Bulk {a} import',
    '{A} history view',
    '{A} sharing with {b}',
  ],
  task: [
    'Implement {a} API endpoint',
    'Build {a} UI component',
    'Create {a} database migration',
    'Write integration tests for {a}',
    'Add validation rules for {a}',
    'Set up monitoring for {a}',
    'Document the {a} API',
  ],
  test: [
    'Verify {a} with valid data',
    'Reject {a} with missing fields',
    'Check {a} limits at the boundary',
    'Verify {a} together with {b}',
    'Deny {a} access to signed-out users',
    'Verify {a} after a page reload',
  ],
  item: ['{A} for {b}', '{A} overview', '{A} and {b}', '{A} improvements', '{A} for {roles}'],
};

// One row per story: its title, its single goal and its benefit belong together.
const STORIES = [
  ['View {a} status', 'view the current status of {a}', 'I know what happens next without calling support'],
  ['Update {a} details', 'update the details of {a}', 'the information others rely on stays accurate'],
  ['Get reminders about {a}', 'receive reminders about {a}', 'I never miss an important date'],
  ['Search {a} by {b}', 'search {a} by {b}', 'I find what I need in seconds'],
  ['Export a report on {a}', 'export a report on {a}', 'I can share progress with my team'],
  ['Manage {a} on mobile', 'manage {a} from my phone', 'I can act while I am away from my desk'],
  ['Review {a} history', 'review the history of {a}', 'I can spot problems early'],
  ['Get notified about {b}', 'be notified when {b} changes', 'I can react without delay'],
];

const DESCRIPTIONS = {
  epic: [
    'Gives {roles} one place to handle {a}, connected to {b}. Success means {n}% less manual work on {a} within two releases.',
    'Brings {a} and {b} together so {roles} can act without switching tools. Target: {n}% of {a} requests completed without staff help.',
    'Makes {a} reliable and easy to use on web and mobile for {roles}. Adoption goal: {n}% of active {roles} within three months.',
  ],
  feature: [
    'Lets {roles} work with {a} from web and mobile, using {b} where it helps. Aims for {n}% faster handling of {a}.',
    'Adds {a} capabilities that {roles} use every day, including {b}. Keeps response times under 2 seconds.',
    'Automates the routine steps around {a} so {roles} spend less time on {b}. Expected to save {n}% of manual effort.',
  ],
  story: [
    'The {a} screen shows up-to-date {b} information and works on web and mobile.',
    'Changes to {a} are saved immediately and confirmed on screen, with clear messages for invalid input.',
    'Only data the signed-in {role} may see is shown, and every change to {a} is recorded.',
  ],
  task: [
    'Implement the {a} changes needed by the story, with input validation, error handling and unit tests.',
    'Build and wire up the {a} part of the solution, reusing the existing {b} components.',
    'Prepare the {a} data model and migrations, and cover them with automated tests.',
  ],
  test: [
    'Checks that {a} works as expected for {an} {role}, including how {b} is handled.',
    'Confirms that invalid {a} input is rejected with a clear message and no data is changed.',
    'Exercises {a} at its limits and confirms the behaviour stays correct and fast.',
  ],
  item: [
    '{A} for {roles}, built around {b}.',
    'Covers {a} and how it relates to {b}, with measurable goals for {roles}.',
    'Describes how {roles} use {a} day to day and what {b} adds to it.',
  ],
};

const CRITERIA = [
  'Given I am signed in as {an} {role}, when I open the {a} page, then I see the current status within 2 seconds.',
  'Given {a} records exist, when I search by {b}, then only matching results are listed.',
  'Given I enter invalid {a} details, when I submit the form, then a clear validation message is shown and nothing is saved.',
  'Given the network is unavailable, when I try to load {a}, then a retry option is displayed.',
  'Given an administrator updates {b}, when I refresh the page, then the change is visible.',
  'Given I have saved changes to {a}, when I sign in on another device, then the same changes are shown.',
];

// Steps stay in this order (sign in first, sign out last): a test case reads as a procedure.
const STEPS = [
  ['Sign in as {an} {role}', 'The home screen is shown'],
  ['Open the {a} page', 'The {a} list loads without errors'],
  ['Enter valid {b} details and submit', 'A confirmation message is shown and {a} is updated'],
  ['Refresh the page', 'The saved {a} details are still shown'],
  ['Search for {a} by {b}', 'Only matching {a} entries are listed'],
  ['Sign out', 'The sign-in page is shown'],
];

const PHRASES = {
  dependency: [
    '{A} service is available',
    'Access to {b} data',
    'Design for {a} is approved',
    'Authentication is in place',
  ],
  risk: [
    '{A} data may be incomplete',
    'Integration with {b} may take longer than planned',
    'Low adoption of {a} by {roles}',
  ],
  mitigation: [
    'Validate {a} data early and add monitoring',
    'Agree the {b} interface in the first sprint',
    'Run a pilot with a small group of {roles}',
  ],
  precondition: ['A {role} account exists', '{A} data is available', 'The {role} is signed in'],
  edgeCase: [
    '{A} request while offline',
    'Duplicate {a} submissions',
    'Very long {b} values',
    'Concurrent edits to {a}',
  ],
  value: [
    'Cuts time spent on {a} by {n}% for {roles}',
    'Raises {roles} satisfaction with {a} by {n}%',
    'Reduces errors in {b} by {n}%',
  ],
  technical: [
    'Expose {a} through a versioned REST API',
    'Cache {b} lookups to keep responses under 200 ms',
    'Store changes to {a} with an audit trail',
    'Protect {a} endpoints with role-based access',
  ],
  listItem: [
    'Support {a} for {roles}',
    'Handle {a} consistently on web and mobile',
    'Log every change to {a}',
    'Keep {a} responses under 2 seconds',
    'Protect {a} with role-based access',
  ],
  phrase: ['{A} for {b}', '{A} and {b}', '{A} settings', '{A} workflow'],
};

const CATEGORIES = {
  epic: ['core_platform', 'user_experience', 'data_management', 'integration', 'security'],
  feature: ['core_functionality', 'user_interface', 'data_management', 'integration', 'performance'],
  story: ['ui_ux', 'data_management', 'integration', 'security', 'performance'],
  task: ['backend', 'frontend', 'database', 'api', 'testing', 'deployment', 'configuration'],
  test: ['positive', 'negative', 'boundary', 'integration'],
  item: ['functional', 'technical', 'operational'],
};

const NUMBERS = [15, 20, 25, 30, 40, 50];

export function capitalise(text) {
  return text ? text[0].toUpperCase() + text.slice(1) : text;
}

export function article(word) {
  return /^(?:[aeio]|u(?!s|ni|r[aeiou]))/i.test(word) ? 'an' : 'a';
}

export function plural(phrase) {
  const words = phrase.split(' ');
  const last = words[words.length - 1];
  if (/[^aeiou]y$/i.test(last)) words[words.length - 1] = `${last.slice(0, -1)}ies`;
  else if (/(s|x|ch|sh)$/i.test(last)) words[words.length - 1] = `${last}es`;
  else words[words.length - 1] = `${last}s`;
  return words.join(' ');
}

/** The terms a variant talks about: a and b always differ. */
function slots(ctx, variant) {
  const n = ctx.terms.length;
  const v = variant + ctx.offset;
  const ai = v % n;
  const bi = (ai + 1 + (Math.floor(v / n) % (n - 1))) % n;
  return { a: ctx.terms[ai], b: ctx.terms[bi], n: NUMBERS[v % NUMBERS.length] };
}

function fill(template, ctx, variant) {
  // Titles are asked for repeatedly (to keep them unique); a per-reply cache keeps that cheap.
  ctx.fillCache ??= new Map();
  let byVariant = ctx.fillCache.get(template);
  if (byVariant === undefined) {
    byVariant = new Map();
    ctx.fillCache.set(template, byVariant);
  }
  let out = byVariant.get(variant);
  if (out === undefined) {
    out = fillUncached(template, ctx, variant);
    byVariant.set(variant, out);
  }
  return out;
}

function fillUncached(template, ctx, variant) {
  const s = slots(ctx, variant);
  return template.replace(/\{(a|A|b|B|n|role|roles|an)\}/g, (_, key) => {
    switch (key) {
      case 'a':
        return s.a;
      case 'A':
        return capitalise(s.a);
      case 'b':
        return s.b;
      case 'B':
        return capitalise(s.b);
      case 'n':
        return String(s.n);
      case 'role':
        return ctx.role;
      case 'roles':
        return plural(ctx.role);
      default:
        return article(ctx.role);
    }
  });
}

const at = (list, i) => list[((i % list.length) + list.length) % list.length];

export function title(ctx, kind, variant) {
  if (kind === 'story') return fill(at(STORIES, variant + ctx.offset)[0], ctx, variant);
  if (kind === 'step') return fill(at(STEPS, variant)[0], ctx, variant);
  return fill(at(TITLES[kind] ?? TITLES.item, variant + ctx.offset), ctx, variant);
}

export function userStory(ctx, variant) {
  const [, want, benefit] = at(STORIES, variant + ctx.offset);
  return `As ${article(ctx.role)} ${ctx.role}, I want to ${fill(want, ctx, variant)}, so that ${fill(benefit, ctx, variant)}.`;
}

export function description(ctx, kind, variant) {
  const list = DESCRIPTIONS[kind] ?? DESCRIPTIONS.item;
  const text = fill(at(list, variant + ctx.offset), ctx, variant);
  // A story's description starts with the story itself, as the original quality checks wanted.
  return kind === 'story' ? `${userStory(ctx, variant)} ${text}` : text;
}

export function criterion(ctx, variant, index) {
  return fill(at(CRITERIA, variant + ctx.offset + index), ctx, variant + index);
}

export function stepAction(ctx, variant, index) {
  return fill(at(STEPS, index)[0], ctx, variant);
}

export function stepExpected(ctx, variant, index) {
  return fill(at(STEPS, index)[1], ctx, variant);
}

export function phrase(ctx, family, variant) {
  return fill(at(PHRASES[family] ?? PHRASES.phrase, variant + ctx.offset), ctx, variant);
}

export function category(kind, variant) {
  return at(CATEGORIES[kind] ?? CATEGORIES.item, variant);
}

export function slug(text) {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** Plain prose answer for requests without any response format. */
export function prose(ctx, variant) {
  const [a, b, c] = [0, 1, 2].map((i) => ctx.terms[(variant + i) % ctx.terms.length]);
  return [
    `Here is a short proposal for ${a}.`,
    fill(at(DESCRIPTIONS.item, variant), ctx, variant),
    `Start with ${a}, then add ${b} and ${c} in later iterations, and measure how ${plural(ctx.role)} use each of them.`,
  ].join(' ');
}
