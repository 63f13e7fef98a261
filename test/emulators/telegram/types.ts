// Telegram's wire objects, as much of them as the emulator produces. Written out here (rather
// than imported from @grammyjs/types) so the emulator never depends on the client it tests,
// and so the optional fields are exactly the ones this emulator fills in.

export interface User {
  id: number;
  is_bot: boolean;
  first_name: string;
  last_name?: string;
  username?: string;
  language_code?: string;
}

/** getMe's answer: a User with the bot-only capability flags. */
export interface BotUser extends User {
  is_bot: true;
  can_join_groups: boolean;
  can_read_all_group_messages: boolean;
  supports_inline_queries: boolean;
  can_connect_to_business: boolean;
  has_main_web_app: boolean;
}

export interface Chat {
  id: number;
  type: 'private' | 'group';
  title?: string;
  first_name?: string;
  last_name?: string;
  username?: string;
}

export interface MessageEntity {
  type: string;
  offset: number;
  length: number;
  url?: string;
  language?: string;
  custom_emoji_id?: string;
}

export interface InlineKeyboardButton {
  text: string;
  callback_data?: string;
  url?: string;
  [other: string]: unknown;
}

export interface InlineKeyboardMarkup {
  inline_keyboard: InlineKeyboardButton[][];
}

export interface PhotoSize {
  file_id: string;
  file_unique_id: string;
  width: number;
  height: number;
  file_size?: number;
}

export interface Video {
  file_id: string;
  file_unique_id: string;
  width: number;
  height: number;
  duration: number;
  thumbnail?: PhotoSize;
  file_name?: string;
  mime_type: string;
  file_size: number;
}

export interface Message {
  message_id: number;
  date: number;
  chat: Chat;
  from?: User;
  edit_date?: number;
  text?: string;
  entities?: MessageEntity[];
  caption?: string;
  caption_entities?: MessageEntity[];
  video?: Video;
  reply_to_message?: Message;
  reply_markup?: InlineKeyboardMarkup;
}

export interface CallbackQuery {
  id: string;
  from: User;
  chat_instance: string;
  data: string;
  message: Message;
}

export interface ChatMemberUpdated {
  chat: Chat;
  from: User;
  date: number;
  old_chat_member: { status: 'member' | 'kicked'; user: User; until_date?: number };
  new_chat_member: { status: 'member' | 'kicked'; user: User; until_date?: number };
}

export interface Update {
  update_id: number;
  message?: Message;
  callback_query?: CallbackQuery;
  my_chat_member?: ChatMemberUpdated;
}

/** The update kinds the emulator makes; allowed_updates may name others (they never occur). */
export type UpdateKind = 'message' | 'callback_query' | 'my_chat_member';
