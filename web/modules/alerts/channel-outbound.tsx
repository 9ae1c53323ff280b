/**
 * A channel's outbound configuration (alerts.configure; GET/PUT /api/alerts/channels/:id/outbound):
 * whether messages can go out through it and what is missing, and a form for what each gateway
 * sends with: the sender number or id (Twilio, Vonage, Africa's Talking), the send API's secret
 * (Vonage, Africa's Talking, FrontlineCloud; write-only, STO-1: shown as set or not, replaced,
 * never read back), the outbound URL (generic webhook, FrontlineCloud). SMSSync phones fetch
 * their messages.
 *
 * testids: channel-outbound-<id>, channel-can-send-<id>, channel-outbound-edit-<id>,
 * channel-outbound-form, channel-outbound-sender, channel-outbound-url, channel-outbound-secret,
 * channel-outbound-secret-state, channel-outbound-submit, channel-outbound-cancel
 */
import { useState, type FormEvent } from 'react';
import type { ChannelOutboundView, PutChannelOutboundInput } from '../../../core/schemas/alert-response';
import type { ChannelView } from '../../../core/schemas/alerts';
import { describeError } from '../../app/errors';
import { listFormat } from '../../app/format';
import { useI18n, type Translate } from '../../app/i18n';
import { useAction, useLoad } from '../../app/use-load';
import { Alert } from '../../ui/alert';
import { Button } from '../../ui/button';
import { TextField } from '../../ui/field';
import { getChannelOutbound, putChannelOutbound } from './admin-api';
import { errorAt, formErrorAt } from './settings-labels';

type Provider = ChannelView['provider'];
type OutboundField = 'senderId' | 'outboundUrl' | 'apiSecret';

/** The fields each gateway sends with (as the server checks them). */
const OUTBOUND_FIELDS: Record<Provider, readonly OutboundField[]> = {
  twilio: ['senderId'],
  vonage: ['senderId', 'apiSecret'],
  africas_talking: ['senderId', 'apiSecret'],
  generic: ['outboundUrl'],
  frontlinesms: ['outboundUrl', 'apiSecret'],
  smssync: [],
};

const MISSING = ['enabled', 'accountId', 'authToken', 'senderId', 'apiSecret', 'outboundUrl', 'signatureSecret', 'provider'] as const;
/** What a channel lacks, in words ('provider': the gateway cannot send through Weft). */
const missingLabel = (item: string, t: Translate) =>
  (MISSING as readonly string[]).includes(item) ? t(`alertAdmin.outbound.missing.${item as (typeof MISSING)[number]}`) : item;

export function ChannelOutbound({ channel }: { channel: ChannelView }) {
  const { t, lang } = useI18n();
  const load = useLoad((signal) => getChannelOutbound(channel.id, signal), [channel.id, channel.updatedAt]);
  const [editing, setEditing] = useState(false);
  const current = load.data ?? null;
  const fields = OUTBOUND_FIELDS[channel.provider];
  if (load.status === 'error' && !current) return <p className="field__error">{describeError(load.error, t)}</p>;
  if (!current) return null;
  return (
    <div className="aa-outbound" data-testid={`channel-outbound-${channel.id}`}>
      <p className="aa-outbound__state">
        <span className={current.canSend ? 'tag aa-tag--on' : 'tag aa-tag--off'} data-testid={`channel-can-send-${channel.id}`} data-can-send={current.canSend}>
          {current.canSend ? t('alertAdmin.outbound.canSend') : t('alertAdmin.outbound.cannotSendShort')}
        </span>{' '}
        {current.canSend ? null : t('alertAdmin.outbound.missingList', { items: listFormat(lang, current.missing.map((m) => missingLabel(m, t))) })}
      </p>
      {channel.provider === 'smssync' ? <p className="muted">{t('alertAdmin.outbound.smssyncPulls')}</p> : null}
      {fields.length > 0 && !editing ? (
        <Button variant="quiet" onClick={() => setEditing(true)} testId={`channel-outbound-edit-${channel.id}`}>
          {t('alertAdmin.outbound.edit')}
        </Button>
      ) : null}
      {editing ? (
        <OutboundForm
          channel={channel}
          view={current}
          fields={fields}
          onSaved={() => {
            setEditing(false);
            load.reload();
          }}
          onCancel={() => setEditing(false)}
        />
      ) : null}
    </div>
  );
}

function OutboundForm(props: { channel: ChannelView; view: ChannelOutboundView; fields: readonly OutboundField[]; onSaved: () => void; onCancel: () => void }) {
  const { channel, view, fields } = props;
  const { t } = useI18n();
  const [sender, setSender] = useState(view.senderId ?? '');
  const [url, setUrl] = useState(view.outboundUrl ?? '');
  const [secret, setSecret] = useState('');
  const save = useAction(async () => {
    const input: PutChannelOutboundInput = {};
    if (fields.includes('senderId')) input.senderId = sender.trim() || null;
    if (fields.includes('outboundUrl')) input.outboundUrl = url.trim() || null;
    // Write-only: an empty box keeps the secret stored.
    if (fields.includes('apiSecret') && secret) input.apiSecret = secret;
    await putChannelOutbound(channel.id, input);
    props.onSaved();
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void save.run();
  };
  const alert = formErrorAt(save.error, [...fields], t);
  return (
    <form className="form aa-outbound__form" onSubmit={submit} noValidate data-testid="channel-outbound-form">
      <h4>{t('alertAdmin.outbound.formTitle', { name: channel.name })}</h4>
      {alert ? <Alert tone="error">{alert}</Alert> : null}
      {fields.includes('senderId') ? (
        <TextField
          label={t('alertAdmin.outbound.sender')}
          hint={t(`alertAdmin.outbound.senderHint.${channel.provider === 'twilio' ? 'twilio' : 'other'}`)}
          optional={channel.provider === 'africas_talking'}
          dir="ltr"
          autoComplete="off"
          spellCheck={false}
          maxLength={16}
          value={sender}
          onChange={(e) => setSender(e.target.value)}
          error={errorAt(save.error, 'senderId', t)}
          testId="channel-outbound-sender"
        />
      ) : null}
      {fields.includes('outboundUrl') ? (
        <TextField
          label={t('alertAdmin.outbound.url')}
          hint={t(channel.provider === 'frontlinesms' ? 'alertAdmin.outbound.urlHint.frontlinesms' : 'alertAdmin.outbound.urlHint')}
          type="url"
          dir="ltr"
          autoComplete="off"
          spellCheck={false}
          maxLength={500}
          value={url}
          onChange={(e) => setUrl(e.target.value)}
          error={errorAt(save.error, 'outboundUrl', t)}
          testId="channel-outbound-url"
        />
      ) : null}
      {fields.includes('apiSecret') ? (
        <>
          <p className="aa-outbound__secret" data-testid="channel-outbound-secret-state" data-set={view.apiSecretSet}>
            {t(`alertAdmin.outbound.secretLabel.${channel.provider === 'vonage' || channel.provider === 'frontlinesms' ? channel.provider : 'africas_talking'}`)}:{' '}
            <strong>{view.apiSecretSet ? t('alertAdmin.channels.secretIsSet') : t('alertAdmin.channels.secretNotSet')}</strong>
          </p>
          <TextField
            label={view.apiSecretSet ? t('alertAdmin.outbound.secretReplace') : t('alertAdmin.outbound.secretSet')}
            hint={view.apiSecretSet ? t('alertAdmin.outbound.secretKeepHint') : t('alertAdmin.outbound.secretHint')}
            optional={view.apiSecretSet}
            type="password"
            autoComplete="new-password"
            dir="ltr"
            spellCheck={false}
            value={secret}
            onChange={(e) => setSecret(e.target.value)}
            error={errorAt(save.error, 'apiSecret', t)}
            testId="channel-outbound-secret"
          />
        </>
      ) : null}
      <div className="button-row">
        <Button type="submit" variant="primary" busy={save.busy} testId="channel-outbound-submit">
          {t('common.save')}
        </Button>
        <Button onClick={props.onCancel} disabled={save.busy} testId="channel-outbound-cancel">
          {t('common.cancel')}
        </Button>
      </div>
    </form>
  );
}
