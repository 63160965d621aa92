export type { SafetensorsContents, SafetensorsDtype, StoredTensor, TensorToWrite } from './safetensors';
export { parseSafetensors, serializeSafetensors } from './safetensors';
export type { LoadModuleOptions } from './module-state';
export { loadSafetensors, loadStoredTensors, storedToState, tensorsToWrite } from './module-state';
export { fromTorchStateDict, tfConvWeightToTorch, torchConvWeightToTf } from './torch-layout';
