import { useId, useState } from 'react';
import type { Domain } from '../../api/types';
import { MAX_DOMAINS } from './wizardState';

/** Search the 31 domains, choose up to three, and order them (the first is the primary one). */
export function DomainPicker({
  domains,
  selected,
  error,
  onToggle,
  onMove,
  onMakePrimary,
}: {
  domains: Domain[];
  selected: string[];
  error?: string;
  onToggle(key: string): void;
  onMove(key: string, by: -1 | 1): void;
  onMakePrimary(key: string): void;
}) {
  const id = useId();
  const [query, setQuery] = useState('');
  const q = query.trim().toLowerCase();
  const matching = domains.filter((d) => !q || d.name.toLowerCase().includes(q) || d.description.toLowerCase().includes(q) || d.key.includes(q));
  const full = selected.length >= MAX_DOMAINS;
  const nameOf = (key: string) => domains.find((d) => d.key === key)?.name ?? key;
  const ROLE = ['Primary', 'Secondary', 'Third'];

  return (
    <div className="domain-picker">
      <section aria-labelledby={`${id}-chosen`} className="chosen-domains">
        <h3 id={`${id}-chosen`}>Chosen domains ({selected.length} of {MAX_DOMAINS})</h3>
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
        {selected.length === 0 ? (
          <p className="muted">None yet. The first one you choose is the primary domain.</p>
        ) : (
          <ol>
            {selected.map((key, index) => (
              <li key={key}>
                <span className="badge badge-info">{ROLE[index]}</span> {nameOf(key)}
                <span className="row-actions">
                  {index > 0 && (
                    <button type="button" className="button-small" onClick={() => onMakePrimary(key)}>
                      Make {nameOf(key)} primary
                    </button>
                  )}
                  <button type="button" className="button-small" aria-label={`Move ${nameOf(key)} up`} disabled={index === 0} onClick={() => onMove(key, -1)}>
                    ↑
                  </button>
                  <button
                    type="button"
                    className="button-small"
                    aria-label={`Move ${nameOf(key)} down`}
                    disabled={index === selected.length - 1}
                    onClick={() => onMove(key, 1)}
                  >
                    ↓
                  </button>
                  <button type="button" className="button-small button-danger-quiet" aria-label={`Remove ${nameOf(key)}`} onClick={() => onToggle(key)}>
                    Remove
                  </button>
                </span>
              </li>
            ))}
          </ol>
        )}
      </section>
      <div className="field">
        <label htmlFor={`${id}-search`}>Search domains</label>
        <input id={`${id}-search`} type="search" value={query} onChange={(e) => setQuery(e.target.value)} aria-describedby={`${id}-count`} />
        <span className="field-hint" id={`${id}-count`} aria-live="polite">
          {matching.length} of {domains.length} domains shown{full ? '. Three are chosen: remove one to choose another.' : '.'}
        </span>
      </div>
      <fieldset className="domain-list">
        <legend className="visually-hidden">Domains</legend>
        {matching.map((domain) => {
          const checked = selected.includes(domain.key);
          return (
            <div key={domain.key} className={`domain-option ${checked ? 'checked' : ''}`}>
              <input
                type="checkbox"
                id={`${id}-${domain.key}`}
                checked={checked}
                disabled={!checked && full}
                onChange={() => onToggle(domain.key)}
                aria-describedby={`${id}-${domain.key}-d`}
              />
              <label htmlFor={`${id}-${domain.key}`}>{domain.name}</label>
              <span id={`${id}-${domain.key}-d`} className="small muted">
                {domain.description}
              </span>
            </div>
          );
        })}
        {matching.length === 0 && <p className="muted">No domain matches “{query}”.</p>}
      </fieldset>
    </div>
  );
}
