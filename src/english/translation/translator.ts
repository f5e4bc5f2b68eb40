/** A machine translation model, Arabic -> English, one sentence at a time. */
export interface Translator {
  /** The model's id or folder, for logs and JSON. */
  readonly modelId: string;
  /** English for each sentence, in order; null for one the model could not translate. */
  translate(sentences: string[]): Promise<(string | null)[]>;
  dispose(): Promise<void>;
}
