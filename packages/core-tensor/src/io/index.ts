export type { SafetensorsContents, SafetensorsDtype, StoredTensor, TensorToWrite } from './safetensors';
export { parseSafetensors, serializeSafetensors } from './safetensors';
export { readSafetensorsFile, writeFileAtomic, writeSafetensorsFile } from './safetensors-file';
export type { LoadModuleOptions } from './module-io';
export { loadModule, saveModule, storedToState, tensorsToWrite } from './module-io';
export { fromTorchStateDict, tfConvWeightToTorch, torchConvWeightToTf } from './torch-layout';
