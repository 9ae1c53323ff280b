/** A multi-line field with the same label, hint, optional mark and error wiring as web/ui/field. */
import { useId, type ReactNode, type TextareaHTMLAttributes } from 'react';
import { useT } from '../app/i18n';

export type TextAreaFieldProps = Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id'> & {
  label: ReactNode;
  hint?: ReactNode;
  error?: string | undefined;
  optional?: boolean;
  testId?: string;
};

export function TextAreaField({ label, hint, error, optional, testId, className, ...rest }: TextAreaFieldProps) {
  const id = useId();
  const t = useT();
  const described = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={error ? 'field field--invalid' : 'field'}>
      <label className="field__label" htmlFor={id}>
        {label}
        {optional ? <span className="field__optional"> {t('common.optional')}</span> : null}
      </label>
      {hint ? <p className="field__hint" id={`${id}-hint`}>{hint}</p> : null}
      {error ? <p className="field__error" id={`${id}-error`}>{error}</p> : null}
      <textarea
        id={id}
        className={['field__control', 'field__control--textarea', className].filter(Boolean).join(' ')}
        aria-invalid={error ? true : undefined}
        aria-describedby={described}
        data-testid={testId}
        // Free text may be French or Arabic whatever the interface language.
        dir="auto"
        {...rest}
      />
    </div>
  );
}
