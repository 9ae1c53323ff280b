/**
 * Settings, channels (alerts.configure): the organisation's SMS gateways and webhooks, each
 * with the address to give the gateway, whether its secrets are set (never their values),
 * whether it can send and its outbound form (channel-outbound.tsx), and a switch to stop
 * accepting messages on it.
 *
 * testids: channels-section, channel-new, channels-list, channel-<id>, channel-webhook-<id>,
 * channel-toggle-<id>, channel-edit-<id> (and those of channels-form.tsx, channel-outbound.tsx)
 */
import { useState } from 'react';
import type { ChannelView } from '../../../core/schemas/alerts';
import { describeError } from '../../app/errors';
import { useI18n } from '../../app/i18n';
import { useLoad } from '../../app/use-load';
import { Alert } from '../../ui/alert';
import { Button } from '../../ui/button';
import { CopyButton } from '../../ui/copy-button';
import { EmptyState } from '../../ui/empty-state';
import { LoadView } from '../../ui/load-view';
import { listChannels, updateChannel } from './admin-api';
import { ChannelOutbound } from './channel-outbound';
import { CHANNEL_SECRET, ChannelForm } from './channels-form';
import { providerLabel } from './settings-labels';

type Message = { tone: 'success' | 'error'; text: string } | null;

/** The full address of a webhook: this server's, as the administrator reaches it. */
const webhookUrl = (path: string) => `${window.location.origin}${path}`;

function ChannelCard({ channel, onEdit, onToggle, busy }: { channel: ChannelView; onEdit: () => void; onToggle: () => void; busy: boolean }) {
  const { t } = useI18n();
  const secret = CHANNEL_SECRET[channel.provider];
  const secretSet = channel[`${secret.name}Set`];
  return (
    <li className="aa-item" data-testid={`channel-${channel.id}`}>
      <div className="aa-item__head">
        <h3 className="aa-item__title">{channel.name}</h3>
        <span className="tag">{providerLabel(channel.provider, t)}</span>
        <span className={channel.enabled ? 'tag aa-tag--on' : 'tag aa-tag--off'}>
          {channel.enabled ? t('alertAdmin.channels.on') : t('alertAdmin.channels.off')}
        </span>
      </div>
      <dl className="facts">
        <dt>{t(`alertAdmin.channels.secretLabel.${channel.provider}`)}</dt>
        <dd>
          {secretSet ? t('alertAdmin.channels.secretIsSet') : secret.required ? t('alertAdmin.channels.secretMissing') : t('alertAdmin.channels.secretNotSet')}
        </dd>
        {channel.accountId ? (
          <>
            <dt>{t(channel.provider === 'twilio' ? 'alertAdmin.channels.accountId.twilio' : 'alertAdmin.channels.accountId.vonage')}</dt>
            <dd><bdi dir="ltr">{channel.accountId}</bdi></dd>
          </>
        ) : null}
        <dt>{t('alertAdmin.channels.webhook')}</dt>
        <dd>
          <code className="aa-url" dir="ltr" translate="no" data-testid={`channel-webhook-${channel.id}`}>
            {webhookUrl(channel.webhookPath)}
          </code>
          <CopyButton value={webhookUrl(channel.webhookPath)} testId={`channel-copy-${channel.id}`} />
        </dd>
      </dl>
      <ChannelOutbound channel={channel} />
      <div className="button-row aa-item__actions">
        <Button onClick={onToggle} busy={busy} testId={`channel-toggle-${channel.id}`}>
          {channel.enabled ? t('alertAdmin.channels.disable') : t('alertAdmin.channels.enable')}
        </Button>
        <Button variant="quiet" onClick={onEdit} testId={`channel-edit-${channel.id}`}>
          {t('common.edit')}
        </Button>
      </div>
    </li>
  );
}

export function ChannelsSection() {
  const { t } = useI18n();
  const channels = useLoad((signal) => listChannels(signal), []);
  const [editing, setEditing] = useState<ChannelView | 'new' | null>(null);
  const [message, setMessage] = useState<Message>(null);
  const [toggling, setToggling] = useState<string | null>(null);

  const toggle = async (channel: ChannelView) => {
    setMessage(null);
    setToggling(channel.id);
    try {
      const saved = await updateChannel(channel.id, { enabled: !channel.enabled });
      setMessage({ tone: 'success', text: t(saved.enabled ? 'alertAdmin.channels.enabledDone' : 'alertAdmin.channels.disabledDone', { name: saved.name }) });
      channels.reload();
    } catch (error) {
      setMessage({ tone: 'error', text: describeError(error, t) });
    } finally {
      setToggling(null);
    }
  };

  return (
    <section className="aa-section" aria-labelledby="channels-title" data-testid="channels-section">
      <div className="aa-section__head">
        <h2 id="channels-title">{t('alertAdmin.channels.title')}</h2>
        {editing ? null : (
          <Button variant="primary" onClick={() => { setMessage(null); setEditing('new'); }} testId="channel-new">
            {t('alertAdmin.channels.new')}
          </Button>
        )}
      </div>
      <p className="muted">{t('alertAdmin.channels.intro')}</p>
      {message ? <Alert tone={message.tone}>{message.text}</Alert> : null}
      {editing ? (
        <ChannelForm
          key={editing === 'new' ? 'new' : editing.id}
          channel={editing === 'new' ? undefined : editing}
          onSaved={(saved, created) => {
            setEditing(null);
            setMessage({ tone: 'success', text: t(created ? 'alertAdmin.channels.created' : 'alertAdmin.channels.saved', { name: saved.name }) });
            channels.reload();
          }}
          onCancel={() => setEditing(null)}
        />
      ) : null}
      <LoadView load={channels}>
        {({ data }) =>
          data.length === 0 ? (
            <EmptyState>{t('alertAdmin.channels.empty')}</EmptyState>
          ) : (
            <ul className="aa-list" data-testid="channels-list">
              {data.map((channel) => (
                <ChannelCard
                  key={channel.id}
                  channel={channel}
                  busy={toggling === channel.id}
                  onToggle={() => void toggle(channel)}
                  onEdit={() => { setMessage(null); setEditing(channel); window.scrollTo(0, 0); }}
                />
              ))}
            </ul>
          )
        }
      </LoadView>
      <p className="muted">{t('alertAdmin.channels.openRosaNote')}</p>
    </section>
  );
}
