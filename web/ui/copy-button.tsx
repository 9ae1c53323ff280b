import { useState } from 'react';
import { useT } from '../app/i18n';
import { Button } from './button';

/** Copies a value to the clipboard and says so; when the browser refuses, says what to do. */
export function CopyButton({ value, testId = 'copy-button' }: { value: string; testId?: string }) {
  const t = useT();
  const [result, setResult] = useState<'copied' | 'failed' | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setResult('copied');
    } catch {
      setResult('failed');
    }
  };
  return (
    <span className="copy">
      <Button onClick={copy} testId={testId}>
        {t('common.copy')}
      </Button>
      <span className="copy__result" role="status">
        {result === 'copied' ? t('common.copied') : result === 'failed' ? t('common.copyFailed') : ''}
      </span>
    </span>
  );
}
