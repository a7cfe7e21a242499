// Reads a chat request's messages: their text, their size in tokens, a digest that identifies
// the prompt, and the few things the content generator borrows from it (salient terms, the user
// role, counts such as "5 user stories"), so that generated backlogs talk about the product the
// prompt describes. Deliberately simple and deterministic: no NLP, just word statistics.

import { sha256Hex } from './rand.js';

/** The text of one message's content: a string, or the text parts of a multi-part content. */
export function contentText(content) {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((part) => (typeof part === 'string' ? part : typeof part?.text === 'string' ? part.text : ''))
      .filter(Boolean)
      .join('\n');
  }
  return content == null ? '' : JSON.stringify(content);
}

/** Tokens are estimated the way the brief of every test defines them: ceil(characters / 4). */
export function estimateTokens(text) {
  return Math.ceil(text.length / 4);
}

export function promptTokens(messages) {
  let chars = 0;
  for (const message of messages) chars += contentText(message?.content).length;
  return Math.ceil(chars / 4);
}

/** sha256 of the messages as sent: two requests with the same digest get the same reply. */
export function promptDigest(messages) {
  return sha256Hex(JSON.stringify(messages ?? null));
}

// Function words plus the vocabulary of instructions ("return JSON following the schema") and of
// backlogs themselves, which say nothing about the product being described.
const STOPWORDS = new Set(
  `a about above after again against all also am an and any are as at be because been before
  being below between both but by can could did do does doing down during each else etc every
  few for from further had has have having he her here hers him his how i if in into is it its
  itself just let like made make many may me might more most much must my no nor not now of off
  on once one only or other our ours out over own per please same shall she should so some such
  than that the their theirs them then there these they this those through to too two three four
  five six seven eight nine ten under until up upon us use used using very via was we were what
  when where which while who whom why will with within without would yes yet you your yours
  able across already always among another based become best better way ways well want wants
  new need needs get gets getting give given go going good great help helps high low key keep
  lets likely maybe often easy easily really simple simply fully quickly directly
  json schema schemas format formatted field fields object objects array arrays string strings
  return returns respond response responses reply output outputs input inputs generate generates
  generated generating create creates produce provide provides include includes including
  following follow follows below above list lists item items example examples valid only exactly
  strict strictly markdown text prose explanation explain describe described description
  descriptions title titles name names value values number numbers type types property properties
  expert experienced senior assistant act acting role roles task tasks job jobs agile scrum
  backlog backlogs epic epics feature features story stories user users criteria acceptance test
  tests testing case cases step steps plan plans suite suites vision visions product products
  goal goals priority priorities point points estimate estimates hours owner owners team teams
  project projects requirement requirements decompose decomposition break down breakdown
  maximum minimum max min least most total each per following based context contexts details
  detail overview summary data information app application applications platform system systems
  service services solution solutions tool tools positive negative boundary target targets
  allow allows allowing enable enables enabling let lets manage manages track tracks view views
  receive receives send sends find finds pay pays book books check checks share shares see sees
  offer offers support supports integrate integrates connect connects improve improves reduce
  reduces increase increases deliver delivers build builds ensure ensures access write writes
  written writing draft drafts suggest suggests propose proposes outline outlines plan planned
  design designs define defines identify identifies split splits turn turns convert converts
  answer answers think consider considering focus focused`
    .split(/\s+/)
    .filter(Boolean),
);

// Words that name people; the first one found (with a qualifier before it) becomes the role in
// "As a <role>, I want ...". The quality checkers of the original system liked such roles.
const ROLE_NOUNS = new Set(
  `patient customer client driver commuter student manager administrator admin nurse doctor
  clinician physician teacher farmer shopper buyer seller traveller traveler tourist employee
  member owner tenant landlord guest visitor player developer analyst operator inspector agent
  parent citizen volunteer resident rider passenger courier dispatcher technician engineer
  accountant recruiter candidate learner instructor coach athlete fan subscriber reader author
  editor merchant vendor supplier planner organizer organiser attendee donor caregiver therapist
  pharmacist investor banker auditor officer worker staff user`
    .split(/\s+/)
    .filter(Boolean),
);

const NUMBER_WORDS = { one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10 };

const WORD = /[A-Za-z][A-Za-z0-9]*(?:[-'][A-Za-z0-9]+)*/g;

function singular(word) {
  const lower = word.toLowerCase();
  if (lower.endsWith('ies') && lower.length > 4) return word.slice(0, -3) + 'y';
  if (/(ss|us|is)$/.test(lower)) return word;
  if (/(ches|shes|xes|sses)$/.test(lower)) return word.slice(0, -2);
  if (lower.endsWith('s') && lower.length > 3) return word.slice(0, -1);
  return word;
}

/**
 * Salient terms of a text, best first. Scores: a run of capitalised words inside a sentence or an
 * acronym (proper nouns: "Clinic", "EHR") 3, the words right after "for"/"of" ("for clinic
 * patients") 2, and every other non-stopword of four letters or more 1 per occurrence.
 */
function scoreTerms(text, weight, scores) {
  const sentences = text.split(/(?<=[.!?;:])\s+|\n+/);
  for (const sentence of sentences) {
    const words = sentence.match(WORD) ?? [];
    const add = (term, score, frequencyOnly = false) => {
      const key = term.toLowerCase();
      let entry = scores.get(key);
      if (!entry) {
        entry = { term, score: 0, first: scores.size, seen: 0, strong: false };
        scores.set(key, entry);
      }
      entry.score += score * weight;
      entry.seen += 1;
      if (!frequencyOnly) entry.strong = true;
    };
    let run = [];
    const flush = () => {
      if (run.length > 0) add(run.slice(0, 3).join(' '), 3);
      run = [];
    };
    words.forEach((word, i) => {
      const lower = word.toLowerCase();
      const acronym = /^[A-Z][A-Z0-9]+$/.test(word) && word.length <= 6;
      // A sentence's first word counts as a name only when a capitalised word follows ("Harbour Gym").
      const nameStart = i === 0 && /^[A-Z]/.test(words[1] ?? '') && !STOPWORDS.has((words[1] ?? '').toLowerCase());
      const proper = /^[A-Z]/.test(word) && (i > 0 || acronym || nameStart) && word !== 'I';
      if (proper && !STOPWORDS.has(lower)) run.push(word);
      else flush();
      if (!STOPWORDS.has(lower) && lower.length >= 4 && !/^\d/.test(lower)) add(proper ? word : lower, 1, true);
      if (lower === 'for' || lower === 'of') {
        const phrase = [];
        for (let j = i + 1; j < words.length && phrase.length < 2; j += 1) {
          const next = words[j].toLowerCase();
          if (next === 'the' || next === 'a' || next === 'an' || next === 'all') {
            if (phrase.length === 0) continue;
            break;
          }
          if (STOPWORDS.has(next) || /^\d/.test(next)) break;
          phrase.push(words[j]);
        }
        if (phrase.length > 0) add(phrase.join(' '), 2);
      }
    });
    flush();
  }
}

/** True for "patients", "clinic patients": people are the story's role, not its subject. */
function namesPeople(term) {
  const words = term.toLowerCase().split(' ');
  return ROLE_NOUNS.has(singular(words[words.length - 1]));
}

function rankTerms(scores, limit) {
  const ranked = [...scores.values()]
    // A short word seen once and never in a strong position is most often a verb ("book").
    .filter((e) => e.strong || e.seen >= 2 || e.term.length >= 6)
    .filter((e) => !namesPeople(e.term))
    .sort((x, y) => y.score - x.score || x.first - y.first);
  const chosen = [];
  for (const { term } of ranked) {
    const lower = term.toLowerCase();
    // A phrase that extends a chosen single word ("Clinic" → "Clinic patients") takes its place.
    const extended = chosen.findIndex((c) => !c.includes(' ') && lower.split(' ').includes(c.toLowerCase()));
    if (lower.includes(' ') && extended >= 0) {
      chosen[extended] = term;
      continue;
    }
    // Skip a word already said by a chosen phrase, and a phrase that merely repeats chosen words.
    const covered = chosen.some((c) => {
      const words = c.toLowerCase().split(' ');
      return words.includes(lower) || words.includes(singular(lower)) || c.toLowerCase() === lower;
    });
    const repeats = lower.includes(' ') && lower.split(' ').every((w) => chosen.some((c) => c.toLowerCase() === w));
    if (covered || repeats) continue;
    chosen.push(term);
    if (chosen.length >= limit) break;
  }
  return chosen;
}

function findRole(text) {
  const asA = /\bas an? ([a-z][a-z -]{1,40}?)\s*(?:,|\bi want\b|\bi need\b)/i.exec(text);
  if (asA) return singularPhrase(asA[1].trim());
  const labelled = /\b(?:target users?|users?|personas?|audience|actors?)\s*[:=]\s*([A-Za-z][A-Za-z -]{1,40})/i.exec(
    text,
  );
  if (labelled) {
    const phrase = labelled[1].split(/\s+(?:and|or|with|who|that)\s+/i)[0].trim();
    if (phrase) return singularPhrase(phrase.toLowerCase());
  }
  const matches = [...text.matchAll(WORD)];
  // A capitalised word keeps its case unless it only starts a sentence ("Berlin commuter",
  // but "Patients book visits" → "patient").
  const cased = (m) => {
    const sentenceStart = /(^|[.!?:;\n])\s*$/.test(text.slice(0, m.index));
    return /^[A-Z][A-Z0-9]+$/.test(m[0]) || (/^[A-Z]/.test(m[0]) && !sentenceStart) ? m[0] : m[0].toLowerCase();
  };
  for (let i = 0; i < matches.length; i += 1) {
    const lower = matches[i][0].toLowerCase();
    if (ROLE_NOUNS.has(singular(lower)) && singular(lower) !== 'user') {
      // The word before qualifies the role only within the same sentence ("night nurse").
      const prev = matches[i - 1];
      const adjacent = prev && /^\s+$/.test(text.slice(prev.index + prev[0].length, matches[i].index));
      const before = adjacent ? prev[0].toLowerCase() : '';
      const qualifier =
        before && !STOPWORDS.has(before) && !ROLE_NOUNS.has(singular(before)) ? `${cased(matches[i - 1])} ` : '';
      return `${qualifier}${singular(lower)}`;
    }
  }
  return 'user';
}

function singularPhrase(phrase) {
  const words = phrase.split(/\s+/).slice(0, 4);
  words[words.length - 1] = singular(words[words.length - 1]);
  return words.join(' ').toLowerCase();
}

const COUNT_KINDS = [
  ['epic', /epics?/],
  ['feature', /features?/],
  ['story', /(?:user )?stor(?:y|ies)/],
  ['task', /tasks?/],
  ['test', /test cases?|tests?/],
  ['criteria', /acceptance criteria|criteria/],
];

/** "Generate 5 user stories" → { story: 5 }: the generator then makes arrays of that kind that long. */
function findCounts(text) {
  const counts = {};
  const numberRe = '(\\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten)';
  for (const [kind, noun] of COUNT_KINDS) {
    const re = new RegExp(`\\b${numberRe}\\s+(?:[a-z-]+\\s+){0,2}?(?:${noun.source})\\b`, 'i');
    const match = re.exec(text);
    if (match) {
      const raw = match[1].toLowerCase();
      const n = NUMBER_WORDS[raw] ?? Number.parseInt(raw, 10);
      if (n >= 1 && n <= 50) counts[kind] = n;
    }
  }
  return counts;
}

// Padding for prompts too short to name enough things: every element of an array must be able
// to talk about a different term.
const FALLBACK_TERMS = ['user accounts', 'notifications', 'reports', 'settings', 'search'];

/** What the generator needs from the messages: terms (≥4), the role, requested counts. */
export function analysePrompt(messages) {
  const list = Array.isArray(messages) ? messages : [];
  let lastUser = '';
  let system = '';
  for (const message of list) {
    const text = contentText(message?.content);
    if (message?.role === 'user') lastUser = text;
    else if (message?.role === 'system' || message?.role === 'developer') system += `${text}\n`;
  }
  const scores = new Map();
  // The user's words weigh more: the system prompt is mostly instructions.
  scoreTerms(lastUser, 2, scores);
  scoreTerms(system, 1, scores);
  const role = findRole(lastUser) !== 'user' ? findRole(lastUser) : findRole(system);
  // "Clinic" of "clinic patients" describes the role, not the product.
  const roleWords = new Set(role.toLowerCase().split(' '));
  for (const key of scores.keys()) if (roleWords.has(key)) scores.delete(key);
  const terms = rankTerms(scores, 8);
  for (const fallback of FALLBACK_TERMS) {
    if (terms.length >= 4) break;
    if (!terms.some((t) => t.toLowerCase() === fallback)) terms.push(fallback);
  }
  return { terms, role, counts: { ...findCounts(system), ...findCounts(lastUser) } };
}
