/** The before/after slider: "Voor" on the left, "Na" on the right, as people read it. */
export const photoComparisonNl = {
  sliderLabel: 'Grens tussen voor- en nafoto',
  sliderValue: '{{before}}% voorfoto, {{after}}% nafoto',
};
