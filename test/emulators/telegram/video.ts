// sendVideo's `video` and `thumbnail`: an upload (a part named by attach://<id>, as grammY
// sends it, or a part named "video"), or a file_id this bot got back earlier. The emulator
// does not decode video: width/height/duration are what the client said (Telegram only
// guesses them for small files, so a client must send them; reference §2).
import crypto from 'node:crypto';
import { badRequest, WORDS } from './answers';
import type { EmulatorContext } from './context';
import { optBool, optInt, optString } from './params';
import type { Payload, UploadedFile } from './payload';
import type { BotState, StoredFile, VideoRecord } from './state';
import type { PhotoSize, Video } from './types';

/** The uploaded part a parameter points at: attach://<id>, or a part with the parameter's own name. */
function uploadFor(payload: Payload, name: string): UploadedFile | 'missing' | undefined {
  const value = optString(payload.params, name);
  if (value?.startsWith('attach://')) return payload.files.get(value.slice('attach://'.length)) ?? 'missing';
  return payload.files.get(name);
}

function newIds(ctx: EmulatorContext, prefix: string): { fileId: string; uniqueId: string } {
  const n = ++ctx.seq.file;
  // Long, opaque and URL-safe like Telegram's; the counter keeps them unique within a run.
  return { fileId: `${prefix}${n.toString(36)}_${crypto.randomBytes(24).toString('base64url')}`, uniqueId: `AgAD${n.toString(36)}${crypto.randomBytes(4).toString('hex')}` };
}

function store(ctx: EmulatorContext, bot: BotState, kind: StoredFile['kind'], file: UploadedFile, dims: { width: number; height: number; duration: number }): StoredFile {
  if (file.bytes === 0) throw badRequest(WORDS.emptyFile);
  const stored: StoredFile = { ...newIds(ctx, kind === 'video' ? 'BAACAgIAAxkBAAI' : 'AAMCAgADGQEAAg'), botId: bot.info.id, kind, filename: file.filename, data: file.data, ...dims };
  ctx.files.set(stored.fileId, stored);
  return stored;
}

const photoSize = (f: StoredFile): PhotoSize => ({ file_id: f.fileId, file_unique_id: f.uniqueId, width: f.width, height: f.height, file_size: f.data.length });

export function resolveVideo(ctx: EmulatorContext, bot: BotState, payload: Payload): { video: Video; record: VideoRecord } {
  const { params } = payload;
  const upload = uploadFor(payload, 'video');
  if (upload === 'missing') throw badRequest(WORDS.wrongFileId);
  const width = optInt(params, 'width');
  const height = optInt(params, 'height');
  const duration = optInt(params, 'duration');
  const supportsStreaming = optBool(params, 'supports_streaming');
  let file: StoredFile;
  let thumb: StoredFile | undefined;
  if (upload) {
    file = store(ctx, bot, 'video', upload, { width: width ?? 0, height: height ?? 0, duration: duration ?? 0 });
    // Thumbnails only travel with an upload and are never reused (Bot API sendVideo).
    const thumbUpload = uploadFor(payload, 'thumbnail') ?? uploadFor(payload, 'thumb');
    if (thumbUpload === 'missing') throw badRequest(WORDS.wrongFileId);
    if (thumbUpload) {
      const side = 320;
      const ratio = width && height ? width / height : 1;
      thumb = store(ctx, bot, 'thumbnail', thumbUpload, {
        width: ratio >= 1 ? side : Math.round(side * ratio),
        height: ratio >= 1 ? Math.round(side / ratio) : side,
        duration: 0,
      });
      file.thumbFileId = thumb.fileId;
    }
  } else {
    const ref = optString(params, 'video');
    if (ref === undefined) throw badRequest('there is no video in the request');
    if (/^https?:\/\//i.test(ref)) throw badRequest(WORDS.urlFetch);
    const known = ctx.files.get(ref);
    // A file_id works only for the bot it was issued to, and a video's id only as a video.
    if (!known || known.botId !== bot.info.id || known.kind !== 'video') throw badRequest(WORDS.wrongFileId);
    file = known;
    thumb = known.thumbFileId ? ctx.files.get(known.thumbFileId) : undefined;
  }
  const video: Video = {
    file_id: file.fileId,
    file_unique_id: file.uniqueId,
    width: file.width,
    height: file.height,
    duration: file.duration,
    ...(thumb ? { thumbnail: photoSize(thumb) } : {}),
    file_name: file.filename,
    mime_type: 'video/mp4',
    file_size: file.data.length,
  };
  const record: VideoRecord = {
    bytes: file.data.length,
    filename: file.filename,
    ...(file.width ? { width: file.width } : {}),
    ...(file.height ? { height: file.height } : {}),
    ...(file.duration ? { duration: file.duration } : {}),
    ...(supportsStreaming !== undefined ? { supportsStreaming } : {}),
    ...(thumb ? { thumbnail: { bytes: thumb.data.length, filename: thumb.filename } } : {}),
    fileId: file.fileId,
  };
  return { video, record };
}
