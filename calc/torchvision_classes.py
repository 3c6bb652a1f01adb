"""torchvision 0.29.1's module classes, for reading print(model): the tensors each
registers itself (print() never shows them), and the classes that register none.
Written by `python -m tools.torchvision_classes`; do not edit by hand.
"""

OWN_TENSORS = {
    'CNBlock': 'layer_scale (parameter)',
    'Encoder': 'pos_embedding (parameter)',
    'FrozenBatchNorm2d': 'bias (buffer), running_mean (buffer), running_var (buffer), weight (buffer)',
    'MultiscaleAttention': 'rel_pos_h (parameter), rel_pos_t (parameter), rel_pos_w (parameter)',
    'PositionalEncoding': 'class_pos (parameter), class_token (parameter), spatial_pos (parameter), temporal_pos (parameter)',
    'RelativePositionalMultiHeadAttention': 'relative_position_bias_table (parameter), relative_position_index (buffer)',
    'SSDFeatureExtractorVGG': 'scale_weight (parameter)',
    'ShiftedWindowAttention': 'relative_position_bias_table (parameter), relative_position_index (buffer)',
    'ShiftedWindowAttention3d': 'relative_position_bias_table (parameter), relative_position_index (buffer)',
    'ShiftedWindowAttentionV2': 'logit_scale (parameter), relative_coords_table (buffer), relative_position_index (buffer)',
    'VisionTransformer': 'class_token (parameter)',
}

NO_OWN_TENSORS = (
    'ASPP', 'ASPPConv', 'ASPPPooling', 'AlexNet', 'AnchorGenerator', 'AnyStage',
    'BackboneWithFPN', 'BasicBlock', 'BasicConv2d', 'BasicStem', 'Bottleneck',
    'BottleneckBlock', 'BottleneckTransform', 'Conv2Plus1D', 'Conv2dNormActivation',
    'Conv3dNormActivation', 'ConvGRU', 'ConvNeXt', 'CorrBlock', 'DeepLabHead', 'DeepLabV3',
    'DefaultBoxGenerator', 'DenseNet', 'EfficientNet', 'EncoderBlock', 'FCN', 'FCNHead', 'FCOS',
    'FCOSClassificationHead', 'FCOSHead', 'FCOSRegressionHead', 'FastRCNNConvFCHead',
    'FastRCNNPredictor', 'FasterRCNN', 'FeatureEncoder', 'FeaturePyramidNetwork', 'Fire',
    'FlowHead', 'FusedMBConv', 'GeneralizedRCNNTransform', 'GoogLeNet', 'Inception',
    'Inception3', 'InceptionA', 'InceptionAux', 'InceptionB', 'InceptionC', 'InceptionD',
    'InceptionE', 'IntermediateLayerGetter', 'InvertedResidual', 'KeypointRCNN',
    'KeypointRCNNHeads', 'KeypointRCNNPredictor', 'LRASPP', 'LRASPPHead', 'LastLevelMaxPool',
    'LastLevelP6P7', 'MBConv', 'MLP', 'MLPBlock', 'MNASNet', 'MViT', 'MaskPredictor',
    'MaskRCNN', 'MaskRCNNHeads', 'MaskRCNNPredictor', 'MaxVit', 'MaxVitBlock', 'MaxVitLayer',
    'MobileNetV2', 'MobileNetV3', 'MotionEncoder', 'MultiScaleRoIAlign', 'MultiscaleBlock',
    'PartitionAttentionLayer', 'PatchEmbed3d', 'PatchMerging', 'PatchMergingV2', 'Permute',
    'Pool', 'R2Plus1dStem', 'RAFT', 'RPNHead', 'RecurrentBlock', 'RegNet',
    'RegionProposalNetwork', 'ResBottleneckBlock', 'ResNet', 'ResidualBlock', 'RetinaNet',
    'RetinaNetClassificationHead', 'RetinaNetHead', 'RetinaNetRegressionHead', 'RoIHeads',
    'S3D', 'SSD', 'SSDClassificationHead', 'SSDHead', 'SSDLiteClassificationHead',
    'SSDLiteFeatureExtractorMobileNet', 'SSDLiteHead', 'SSDLiteRegressionHead',
    'SSDRegressionHead', 'SepInceptionBlock3D', 'ShuffleNetV2', 'SimpleStemIN',
    'SqueezeExcitation', 'SqueezeNet', 'StochasticDepth', 'SwapAxes', 'SwinTransformer',
    'SwinTransformer3d', 'SwinTransformerBlock', 'SwinTransformerBlockV2',
    'TemporalSeparableConv', 'TwoMLPHead', 'UpdateBlock', 'VGG', 'VideoResNet',
    'WindowDepartition', 'WindowPartition', '_DenseBlock', '_DenseLayer', '_InvertedResidual',
    '_Transition',
)
