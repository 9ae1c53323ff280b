/**
 * A button for actions that cannot be undone: it first asks, in words, in place.
 * Inline rather than a modal, so it works the same with a screen reader and on phones.
 */
import { useState, type ReactNode } from 'react';
import { useT } from '../app/i18n';
import { Button, type ButtonVariant } from './button';

export interface ConfirmButtonProps {
  label: string;
  question: ReactNode;
  onConfirm: () => Promise<unknown> | void;
  variant?: ButtonVariant;
  testId?: string;
}

export function ConfirmButton({ label, question, onConfirm, variant = 'secondary', testId }: ConfirmButtonProps) {
  const t = useT();
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  if (!asking) {
    return (
      <Button variant={variant} onClick={() => setAsking(true)} testId={testId}>
        {label}
      </Button>
    );
  }
  const confirm = async () => {
    setBusy(true);
    try {
      await onConfirm();
    } finally {
      setBusy(false);
      setAsking(false);
    }
  };
  return (
    <div className="confirm" role="group" aria-label={label}>
      <p className="confirm__question">{question}</p>
      <div className="button-row">
        <Button variant="danger" busy={busy} onClick={confirm} autoFocus testId={testId ? `${testId}-confirm` : undefined}>
          {t('common.confirm')}
        </Button>
        <Button onClick={() => setAsking(false)} disabled={busy}>
          {t('common.cancel')}
        </Button>
      </div>
    </div>
  );
}
