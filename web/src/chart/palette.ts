/** Colours of successive series of a chart (goals, tags, owners), distinct on the dark background. */
const SERIES_COLOURS = ['#58a6ff', '#f0883e', '#2ecc71', '#d2a8ff', '#e3b341', '#ff7b72', '#79c0ff', '#56d4dd'] as const;

/** The colour of the `i`th series; the palette repeats past its end. */
export function seriesColour(i: number): string {
  return SERIES_COLOURS[i % SERIES_COLOURS.length]!;
}
