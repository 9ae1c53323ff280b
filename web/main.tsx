import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app';
import { installQuickExitShortcut, onQuickExit } from './app/quick-exit';
import './app/styles.css';

const container = document.getElementById('root');
if (!container) throw new Error('Weft: the page has no #root element');

// DEV-2: the shortcut is installed before React renders, so it works even if a page fails.
installQuickExitShortcut();

const root = createRoot(container);
onQuickExit(() => {
  // Take everything off the screen at once; the neutral page may take a moment to load.
  root.unmount();
  container.replaceChildren();
});

root.render(
  <StrictMode>
    <App />
  </StrictMode>,
);
