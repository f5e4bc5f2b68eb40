/** Texts every embedder test embeds: English and Arabic, short and long, so batches need padding. */
export const SAMPLE_TEXTS = [
  'The minister said the talks would resume on Monday.',
  'قال وزير الخارجية إن المحادثات ستستأنف يوم الاثنين.',
  'short',
  'أعلنت الحكومة المصرية اليوم عن خطة جديدة لدعم الاقتصاد، وقالت إن التنفيذ يبدأ في 2024.',
  'A longer English passage about the news of the day, with several words that pad the batch.',
];
