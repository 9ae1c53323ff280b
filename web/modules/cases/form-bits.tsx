/**
 * Small form pieces the case, referral and hotline pages share: a radio group, tabs, and an
 * idempotency key. (The text area is web/ui/text-area.tsx.)
 */
import { useState, type ReactNode } from 'react';
import './cases.css';

/** REL-2: one key per form, generated once, so a repeated submit returns the same record. */
export function useIdempotencyKey(): string {
  const [key] = useState(() => crypto.randomUUID());
  return key;
}

/** Today as YYYY-MM-DD in the device's time zone. */
export function todayIso(): string {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export interface RadioGroupProps {
  legend: ReactNode;
  name: string;
  value: string | undefined;
  options: readonly { value: string; label: string }[];
  onChange: (value: string) => void;
  error?: string | undefined;
  testId?: string;
}

export function RadioGroup({ legend, name, value, options, onChange, error, testId }: RadioGroupProps) {
  return (
    <fieldset className={error ? 'field field--invalid' : 'field'} data-testid={testId}>
      <legend className="field__label">{legend}</legend>
      {error ? <p className="field__error">{error}</p> : null}
      <div className="radio-row">
        {options.map((option) => (
          <label key={option.value}>
            <input
              type="radio"
              name={name}
              value={option.value}
              checked={value === option.value}
              onChange={() => onChange(option.value)}
              data-testid={testId ? `${testId}-${option.value}` : undefined}
            />
            {option.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

export interface TabsProps<T extends string> {
  label: string;
  tabs: readonly { id: T; label: string }[];
  current: T;
  onChange: (id: T) => void;
  testId: string;
}

export function Tabs<T extends string>({ label, tabs, current, onChange, testId }: TabsProps<T>) {
  return (
    <div className="tabs" role="tablist" aria-label={label}>
      {tabs.map((tab) => (
        <button
          key={tab.id}
          type="button"
          role="tab"
          aria-selected={tab.id === current}
          onClick={() => onChange(tab.id)}
          data-testid={`${testId}-${tab.id}`}
        >
          {tab.label}
        </button>
      ))}
    </div>
  );
}
