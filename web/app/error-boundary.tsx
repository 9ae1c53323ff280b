import { Component, type ErrorInfo, type ReactNode } from 'react';
import { useT } from './i18n';

function Fallback() {
  const t = useT();
  return (
    <div className="alert alert--error" role="alert">
      <p className="alert__body">{t('error.unknown')}</p>
      <div className="alert__actions">
        <button type="button" className="button button--primary" onClick={() => window.location.reload()}>
          {t('common.retry')}
        </button>
      </div>
    </div>
  );
}

/** Keeps a rendering failure from blanking the app; the quick exit sits outside it and stays. */
export class ErrorBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    // Only the stack goes to the console: no record content is logged.
    console.error('Weft: a page failed to render', error instanceof Error ? error.name : typeof error, info.componentStack);
  }

  override render(): ReactNode {
    return this.state.failed ? <Fallback /> : this.props.children;
  }
}
