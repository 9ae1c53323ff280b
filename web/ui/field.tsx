/**
 * Form fields with a visible label, an optional hint and an error tied to the control
 * (aria-describedby, aria-invalid), so screen readers announce all three.
 */
import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes } from 'react';
import { useT } from '../app/i18n';

interface FieldFrameProps {
  label: ReactNode;
  hint?: ReactNode;
  error?: string | undefined;
  optional?: boolean;
}

function describedBy(ids: { hint?: string | undefined; error?: string | undefined }): string | undefined {
  const joined = [ids.hint, ids.error].filter(Boolean).join(' ');
  return joined || undefined;
}

function FieldFrame({ id, label, hint, error, optional, children }: FieldFrameProps & { id: string; children: ReactNode }) {
  const t = useT();
  return (
    <div className={error ? 'field field--invalid' : 'field'}>
      <label className="field__label" htmlFor={id}>
        {label}
        {optional ? <span className="field__optional"> {t('common.optional')}</span> : null}
      </label>
      {hint ? (
        <p className="field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="field__error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
      {children}
    </div>
  );
}

export type TextFieldProps = FieldFrameProps &
  Omit<InputHTMLAttributes<HTMLInputElement>, 'id'> & { testId?: string };

export function TextField({ label, hint, error, optional, testId, className, ...input }: TextFieldProps) {
  const id = useId();
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error} optional={optional}>
      <input
        id={id}
        className={['field__control', className].filter(Boolean).join(' ')}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy({ hint: hint ? `${id}-hint` : undefined, error: error ? `${id}-error` : undefined })}
        data-testid={testId}
        {...input}
      />
    </FieldFrame>
  );
}

export interface Option {
  value: string;
  label: string;
}

export type SelectFieldProps = FieldFrameProps &
  Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id'> & { options: readonly Option[]; testId?: string };

export function SelectField({ label, hint, error, optional, options, testId, className, ...select }: SelectFieldProps) {
  const id = useId();
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error} optional={optional}>
      <select
        id={id}
        className={['field__control', className].filter(Boolean).join(' ')}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy({ hint: hint ? `${id}-hint` : undefined, error: error ? `${id}-error` : undefined })}
        data-testid={testId}
        {...select}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

export type CheckboxProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'type' | 'id'> & {
  label: ReactNode;
  testId?: string;
};

export function Checkbox({ label, testId, ...input }: CheckboxProps) {
  const id = useId();
  return (
    <div className="checkbox">
      <input id={id} type="checkbox" data-testid={testId} {...input} />
      <label htmlFor={id}>{label}</label>
    </div>
  );
}
