/**
 * The photos sent with an alert (OpenRosa attachments). None is loaded until the officer asks:
 * each opening is written to the photo's chain of custody (EVD-1), and a picture should not
 * appear unbidden on a shared screen. The photos have lost their location and device data.
 */
import { useState } from 'react';
import type { AlertAttachment } from '../../../core/schemas/alerts';
import { formatDateTime } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { Button } from '../../ui/button';

export function AlertPhotos({ alertId, attachments }: { alertId: string; attachments: readonly AlertAttachment[] }) {
  const { t, lang } = useI18n();
  const [shown, setShown] = useState<ReadonlySet<string>>(new Set());
  if (attachments.length === 0) return null;
  return (
    <section className="panel" aria-labelledby="alert-photos-title" data-testid="alert-photos">
      <h2 id="alert-photos-title">{t('alert.photos')}</h2>
      <p className="muted">{t('alert.photos.note')}</p>
      <ul className="alert-photos">
        {attachments.map((photo, index) => (
          <li key={photo.id}>
            {shown.has(photo.id) ? (
              <img src={`/api/alerts/${alertId}/attachments/${photo.id}`} alt={t('alert.photos.alt', { number: index + 1 })} data-testid={`alert-photo-${index}`} />
            ) : (
              <Button variant="quiet" onClick={() => setShown(new Set([...shown, photo.id]))} testId={`alert-photo-show-${index}`}>
                {t('alert.photos.show', { number: index + 1 })}
              </Button>
            )}
            <p className="muted">
              {t('alert.photos.received', { when: formatDateTime(lang, photo.receivedAt) })}
              {photo.metadataRemoved.length ? ` · ${t('alert.photos.cleaned')}` : ''}
              <br />
              <span dir="ltr" translate="no" title={t('alert.photos.digest')}>SHA-256 {photo.sha256.slice(0, 16)}…</span>
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}
