import { TextField } from '../../ui/field';
import { useT } from '../../app/i18n';

/** The 6-digit field: numeric keypad on phones, and the code offered by the OS when it can. */
export function TotpCodeField({ value, onChange, error }: { value: string; onChange: (code: string) => void; error?: string | undefined }) {
  const t = useT();
  return (
    <TextField
      label={t('auth.totp.code')}
      name="code"
      inputMode="numeric"
      autoComplete="one-time-code"
      pattern="[0-9]*"
      maxLength={6}
      dir="ltr"
      className="field__control--code"
      value={value}
      onChange={(event) => onChange(event.target.value.replace(/\D/g, '').slice(0, 6))}
      error={error}
      testId="totp-code"
    />
  );
}

export const isTotpCode = (code: string): boolean => /^\d{6}$/.test(code);
