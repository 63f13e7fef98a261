// The TikTok fields both composers share, drawn from `evaluateComposer`'s answer
// (src-shared/tiktok/composer-rules.ts) and in the order of TikTok's Content Sharing Guidelines
// (docs/platforms.md, TikTok §4): how to post, who can see it (§4 2), interactions, the
// commercial-content disclosure (§4 3); and the caption's count and hints, for one caption or each
// of a batch's. Nothing here decides a rule; it only draws the answer.
import { useId } from 'react';
import { COMPOSER_TEXT, type ComposerForm, type ComposerView, type InteractionView } from '../../../../src-shared/tiktok/composer-rules';
import { Check, Choice, FieldGroup, FieldOptions } from '../../components/FormField';
import { Toggle } from '../../components/Toggle';

interface TikTokFieldsProps {
  view: ComposerView;
  form: ComposerForm;
  patch(change: Partial<ComposerForm>): void;
  /** Why the inbox choice is off, or null. */
  inboxOff: string | null;
}

/** Direct Post or the inbox: shown before the caption. */
export function PostModeField({ form, patch, inboxOff }: Omit<TikTokFieldsProps, 'view'>) {
  return (
    <FieldGroup title="How to post">
      <FieldOptions role="radiogroup" aria-label="How to post">
        <Choice name="mode" checked={form.mode === 'direct'} onChange={() => patch({ mode: 'direct' })} label="Direct Post" hint="Clipdesk publishes it to your profile." />
        <Choice
          name="mode"
          checked={form.mode === 'inbox'}
          disabled={inboxOff !== null && form.mode !== 'inbox'}
          onChange={() => patch({ mode: 'inbox' })}
          label="Send to TikTok inbox (draft)"
          hint={inboxOff ?? 'You finish it and post it in the TikTok app.'}
        />
      </FieldOptions>
    </FieldGroup>
  );
}

/** Privacy, interactions and the disclosure, when the mode has them (Direct Post). */
export function PostSettingsFields({ view, patch }: Pick<TikTokFieldsProps, 'view' | 'patch'>) {
  const privacyId = useId();
  if (!view.showPostSettings) return null;
  return (
    <>
      <FieldGroup title={COMPOSER_TEXT.privacyLabel} labelFor={privacyId}>
        <select
          id={privacyId}
          className="input select composer__privacy"
          value={view.privacy ?? ''}
          disabled={view.privacyOptions.length === 0}
          onChange={(e) => patch({ privacy: (e.target.value || null) as ComposerForm['privacy'] })}
        >
          <option value="" disabled>
            {COMPOSER_TEXT.privacyPlaceholder}
          </option>
          {view.privacyOptions.map((o) => (
            <option key={o.value} value={o.value} disabled={o.disabled} title={o.hint ?? undefined}>
              {o.label}
            </option>
          ))}
        </select>
        {view.privacyOptions
          .filter((o) => o.hint)
          .map((o) => (
            <p key={o.value} className="composer__hint-line">
              {o.label}: {o.hint}
            </p>
          ))}
      </FieldGroup>

      <FieldGroup title="Interactions">
        <FieldOptions>
          <Interaction view={view.interactions.comment} onChange={(v) => patch({ allowComment: v })} />
          <Interaction view={view.interactions.duet} onChange={(v) => patch({ allowDuet: v })} />
          <Interaction view={view.interactions.stitch} onChange={(v) => patch({ allowStitch: v })} />
        </FieldOptions>
      </FieldGroup>

      {/* §4 3. */}
      <FieldGroup title="Disclosure">
        <Toggle label={COMPOSER_TEXT.disclosureToggle} description={COMPOSER_TEXT.disclosureToggleHint} checked={view.disclosure.on} onChange={(on) => patch({ disclose: on })} />
        {view.disclosure.showChoices && (
          <FieldOptions className="composer__disclosure">
            <Check label={COMPOSER_TEXT.yourBrand} hint={COMPOSER_TEXT.yourBrandHint} checked={view.disclosure.yourBrand} onChange={(v) => patch({ yourBrand: v })} />
            <Check
              label={COMPOSER_TEXT.brandedContent}
              hint={view.disclosure.brandedContentDisabledReason ?? COMPOSER_TEXT.brandedContentHint}
              checked={view.disclosure.brandedContent}
              disabled={view.disclosure.brandedContentDisabled}
              onChange={(v) => patch({ brandedContent: v })}
            />
          </FieldOptions>
        )}
        {view.disclosure.label && (
          <p className="composer__label-prompt" role="status">
            {view.disclosure.label}
          </p>
        )}
      </FieldGroup>
    </>
  );
}

function Interaction({ view, onChange }: { view: InteractionView; onChange: (checked: boolean) => void }) {
  return <Check label={view.label} hint={view.hint} checked={view.checked} disabled={view.disabled} onChange={onChange} />;
}

/** "12 / 2200": a caption's length against TikTok's maximum, marked when over. */
export function CaptionCounter({ id, length, max, over }: { id: string; length: number; max: number; over: boolean }) {
  return (
    <p id={id} className={over ? 'composer__counter composer__counter--over' : 'composer__counter'}>
      <span className="visually-hidden">Caption length: </span>
      {length} / {max}
    </p>
  );
}

/** The single post's caption: the text, its count, its hashtags and mentions, and TikTok's hints. */
export function CaptionField({ view, caption, onCaption }: { view: ComposerView; caption: string; onCaption(caption: string): void }) {
  const ids = { caption: useId(), counter: useId() };
  return (
    <FieldGroup title="Caption" labelFor={ids.caption}>
      <textarea
        id={ids.caption}
        data-autofocus
        className="input composer__caption"
        rows={4}
        value={caption}
        placeholder="Say what it is about. #hashtags and @mentions work as in TikTok."
        aria-describedby={ids.counter}
        aria-invalid={view.caption.over || undefined}
        onChange={(e) => onCaption(e.target.value)}
      />
      <div className="composer__caption-info">
        <CaptionCounter id={ids.counter} length={view.caption.length} max={view.caption.max} over={view.caption.over} />
        {(view.caption.hashtags.length > 0 || view.caption.mentions.length > 0) && (
          <p className="composer__tags" aria-label="Hashtags and mentions">
            {view.caption.hashtags.map((t) => (
              <span key={`#${t}`} className="composer__tag">
                #{t}
              </span>
            ))}
            {view.caption.mentions.map((m) => (
              <span key={`@${m}`} className="composer__tag composer__tag--mention">
                @{m}
              </span>
            ))}
          </p>
        )}
      </div>
      {view.caption.hints.length > 0 && (
        <ul className="composer__caption-hints" aria-label="Caption hints">
          {view.caption.hints.map((h) => (
            <li key={h}>{h}</li>
          ))}
        </ul>
      )}
    </FieldGroup>
  );
}
