// Placeholder until the render pipeline (src-main/core/render) lands: rendering answers NOT_BUILT
// and the render capability stays marked unbuilt.
import { AppError } from '../../../src-shared/errors';
import { chooseEncoder, detectWorkingH264Encoders } from '../media/encoders';
import { requireTool } from '../media/media-tools';
import { probeMedia } from '../media/probe';
import type { RenderTools } from './render-queue';

export function createRenderTools(env: NodeJS.ProcessEnv): RenderTools {
  return {
    probe: (file, signal) => probeMedia(file, { ffprobe: requireTool(env, 'ffprobe'), signal }),
    async chooseEncoder(setting) {
      return chooseEncoder(setting, await detectWorkingH264Encoders(requireTool(env, 'ffmpeg'))).encoder;
    },
    async render() {
      throw new AppError('NOT_BUILT', 'Rendering is not built yet in this version of Clipdesk.');
    },
    isPartialOutput: (name) => name.startsWith('.'),
  };
}
