// The ffmpeg-backed tools the render queue is given: the render pipeline (core/render), ffprobe
// for the finished file, and the encoder decision (core/media/encoders) from the setting.
import { chooseEncoder, detectWorkingH264Encoders, encoderCacheFile } from '../media/encoders';
import { createMediaTools, requireTool } from '../media/media-tools';
import { isPartialName } from '../render/output-paths';
import { renderClip } from '../render/render-clip';
import type { RenderTools } from './render-queue';

export function createRenderTools(env: NodeJS.ProcessEnv, dataDir: string): RenderTools {
  return {
    probe: createMediaTools(env).probe,
    async chooseEncoder(setting) {
      return chooseEncoder(setting, await detectWorkingH264Encoders(requireTool(env, 'ffmpeg'), { cacheFile: encoderCacheFile(dataDir) })).encoder;
    },
    async render(input) {
      const result = await renderClip({ ...input, ffmpeg: requireTool(env, 'ffmpeg') });
      return { outputPath: result.outputPath, coverPath: result.coverPath };
    },
    isPartialOutput: isPartialName,
  };
}
