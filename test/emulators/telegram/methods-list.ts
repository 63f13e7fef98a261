// The Bot API methods the emulator answers, spelt as Telegram spells them. Telegram matches
// method names case-insensitively, so /bot<token>/SENDVIDEO is sendVideo (reference §4.3).
export const METHODS = [
  'getMe',
  'getUpdates',
  'getWebhookInfo',
  'setWebhook',
  'deleteWebhook',
  'sendMessage',
  'sendVideo',
  'answerCallbackQuery',
  'editMessageText',
  'editMessageCaption',
  'editMessageReplyMarkup',
  'deleteMessage',
] as const;

export type MethodName = (typeof METHODS)[number];

const BY_LOWER = new Map<string, MethodName>(METHODS.map((m) => [m.toLowerCase(), m]));

export const canonicalMethod = (name: string): MethodName | undefined => BY_LOWER.get(name.toLowerCase());
