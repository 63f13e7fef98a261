// `clipdesk render … --loudness -14`: a negative number after a string option is its value.
import { describe, expect, it } from 'vitest';
import { joinNegativeValues } from '../../src-main/cli/main';

describe('joinNegativeValues', () => {
  const options = { loudness: { type: 'string' as const }, json: { type: 'boolean' as const }, output: { type: 'string' as const, short: 'o' } };
  it('joins a string option with the negative number after it', () => {
    expect(joinNegativeValues(['in.mp4', '--loudness', '-14', '-o', 'out.mp4'], options)).toEqual(['in.mp4', '--loudness=-14', '-o', 'out.mp4']);
    expect(joinNegativeValues(['--loudness', '-16.5'], options)).toEqual(['--loudness=-16.5']);
  });
  it('leaves everything else alone', () => {
    expect(joinNegativeValues(['--loudness', 'off', '--json', '-o', 'x'], options)).toEqual(['--loudness', 'off', '--json', '-o', 'x']);
    expect(joinNegativeValues(['--json', '-1'], options)).toEqual(['--json', '-1']); // a boolean takes no value
    expect(joinNegativeValues(['--loudness', '-o'], options)).toEqual(['--loudness', '-o']); // parseArgs reports that one
    expect(joinNegativeValues(['--unknown', '-3'], options)).toEqual(['--unknown', '-3']);
  });
});
