<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="en">
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../../bpviz/ui/dialogs.py" line="184"/>
        <source>About bpviz</source>
        <translation>About bpviz</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/dialogs.py" line="186"/>
        <source>bpviz is a laboratory for one question: why do gradients vanish or explode in backpropagation, and what fixes it? Build a deep network, press Train and watch the gradient of every layer live while you switch the remedies on and off one at a time: ReLU-family activations, residual connections, batch normalization, gradient clipping, proper weight initialization, less depth. Every number on screen comes from bpviz&apos;s own NumPy backprop.</source>
        <translation>bpviz is a laboratory for one question: why do gradients vanish or explode in backpropagation, and what fixes it? Build a deep network, press Train and watch the gradient of every layer live while you switch the remedies on and off one at a time: ReLU-family activations, residual connections, batch normalization, gradient clipping, proper weight initialization, less depth. Every number on screen comes from bpviz&apos;s own NumPy backprop.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/dialogs.py" line="191"/>
        <source>Qt {qt} · PySide6 {pyside} · NumPy {numpy} · pyqtgraph {pyqtgraph}</source>
        <translation>Qt {qt} · PySide6 {pyside} · NumPy {numpy} · pyqtgraph {pyqtgraph}</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/dialogs.py" line="193"/>
        <source>MIT License.</source>
        <translation>MIT License.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/dialogs.py" line="195"/>
        <source>The handwritten digits are the test part of E. Alpaydin and C. Kaynak, “Optical Recognition of Handwritten Digits”, UCI Machine Learning Repository, 1998 (doi:10.24432/C50P49), used under the Creative Commons Attribution 4.0 license (CC BY 4.0), unchanged.</source>
        <translation>The handwritten digits are the test part of E. Alpaydin and C. Kaynak, “Optical Recognition of Handwritten Digits”, UCI Machine Learning Repository, 1998 (doi:10.24432/C50P49), used under the Creative Commons Attribution 4.0 license (CC BY 4.0), unchanged.</translation>
    </message>
</context>
<context>
    <name>ActivationPlot</name>
    <message>
        <location filename="../../bpviz/ui/plots/activation.py" line="77"/>
        <source>Activations per layer</source>
        <translation>Activations per layer</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/activation.py" line="80"/>
        <source>Activations</source>
        <translation>Activations</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/activation.py" line="84"/>
        <source>sigmoid: saturated units (a&lt;0.02 or a&gt;0.98) pass almost no gradient, since sigmoid&apos;(z) = a(1-a) &lt;= 0.25, and ~0 when saturated.</source>
        <translation>sigmoid: saturated units (a&lt;0.02 or a&gt;0.98) pass almost no gradient, since sigmoid&apos;(z) = a(1-a) &lt;= 0.25, and ~0 when saturated.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/activation.py" line="87"/>
        <source>tanh: saturated units (|a|&gt;0.97) pass almost no gradient, since tanh&apos;(z) = 1-a² &lt; 0.06 there.</source>
        <translation>tanh: saturated units (|a|&gt;0.97) pass almost no gradient, since tanh&apos;(z) = 1-a² &lt; 0.06 there.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/activation.py" line="90"/>
        <source>ReLU: a dead unit (a = 0 for the whole batch) passes no gradient at all, since relu&apos;(z) = 0 for z &lt; 0.</source>
        <translation>ReLU: a dead unit (a = 0 for the whole batch) passes no gradient at all, since relu&apos;(z) = 0 for z &lt; 0.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/activation.py" line="93"/>
        <source>leaky ReLU: the negative side keeps a small slope, so units cannot die: dead % stays ~0.</source>
        <translation>leaky ReLU: the negative side keeps a small slope, so units cannot die: dead % stays ~0.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/activation.py" line="96"/>
        <source>PReLU: the negative side keeps a learned slope alpha, so units cannot die: dead % stays ~0.</source>
        <translation>PReLU: the negative side keeps a learned slope alpha, so units cannot die: dead % stays ~0.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/activation.py" line="99"/>
        <source>ELU: the negative side is smooth and non-zero, so units cannot die: dead % stays ~0.</source>
        <translation>ELU: the negative side is smooth and non-zero, so units cannot die: dead % stays ~0.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/activation.py" line="102"/>
        <source>GELU: the negative side is small but non-zero, so units cannot die: dead % stays ~0.</source>
        <translation>GELU: the negative side is small but non-zero, so units cannot die: dead % stays ~0.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/activation.py" line="110"/>
        <source>saturated units (%)</source>
        <translation>saturated units (%)</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/activation.py" line="111"/>
        <source>dead units (%)</source>
        <translation>dead units (%)</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/activation.py" line="118"/>
        <source>saturated or dead units (%)</source>
        <translation>saturated or dead units (%)</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/activation.py" line="119"/>
        <source>layer (1 = input side)</source>
        <translation>layer (1 = input side)</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/activation.py" line="122"/>
        <source>a: mean ± std</source>
        <translation>a: mean ± std</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/activation.py" line="135"/>
        <location filename="../../bpviz/ui/plots/activation.py" line="143"/>
        <source>mean ± std of a</source>
        <translation>mean ± std of a</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/activation.py" line="137"/>
        <source>A (%1): %2</source>
        <translation>A (%1): %2</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/activation.py" line="140"/>
        <source>B (%1): %2</source>
        <translation>B (%1): %2</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/activation.py" line="154"/>
        <source>%1, %2</source>
        <translation>%1, %2</translation>
    </message>
</context>
<context>
    <name>AnimationDialog</name>
    <message>
        <location filename="../../bpviz/ui/animation_dialog.py" line="73"/>
        <source>Export animation</source>
        <translation>Export animation</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/animation_dialog.py" line="74"/>
        <source>&amp;Show:</source>
        <translation>&amp;Show:</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/animation_dialog.py" line="74"/>
        <source>&amp;Duration:</source>
        <translation>&amp;Duration:</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/animation_dialog.py" line="74"/>
        <source>&amp;Frame rate:</source>
        <translation>&amp;Frame rate:</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/animation_dialog.py" line="74"/>
        <source>S&amp;cale:</source>
        <translation>S&amp;cale:</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/animation_dialog.py" line="75"/>
        <source>F&amp;ormat:</source>
        <translation>F&amp;ormat:</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/animation_dialog.py" line="78"/>
        <source>Whole dashboard (the plots on screen)</source>
        <translation>Whole dashboard (the plots on screen)</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/animation_dialog.py" line="79"/>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/animation_dialog.py" line="80"/>
        <source> frames/s</source>
        <translation> frames/s</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/animation_dialog.py" line="81"/>
        <source>GIF (plays everywhere; 255 colours)</source>
        <translation>GIF (plays everywhere; 255 colours)</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/animation_dialog.py" line="82"/>
        <source>APNG (.png; full colour; browsers, PowerPoint 365)</source>
        <translation>APNG (.png; full colour; browsers, PowerPoint 365)</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/animation_dialog.py" line="94"/>
        <source>{frames} frames, spread evenly over the recorded run. Training goes on meanwhile.</source>
        <translation>{frames} frames, spread evenly over the recorded run. Training goes on meanwhile.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/animation_dialog.py" line="96"/>
        <source>{frames} frames is too many: at most {limit}.</source>
        <translation>{frames} frames is too many: at most {limit}.</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <location filename="../../bpviz/ui/app.py" line="92"/>
        <source>Cannot open experiment</source>
        <translation>Cannot open experiment</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/app.py" line="93"/>
        <source>{error}

bpviz opens the default experiment instead.</source>
        <translation>{error}

bpviz opens the default experiment instead.</translation>
    </message>
</context>
<context>
    <name>AppearanceController</name>
    <message>
        <location filename="../../bpviz/ui/appearance_controller.py" line="90"/>
        <source>Presentation mode</source>
        <translation>Presentation mode</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/appearance_controller.py" line="91"/>
        <source>Large fonts, thick lines and high-contrast colours for a projector (F11).</source>
        <translation>Large fonts, thick lines and high-contrast colours for a projector (F11).</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/appearance_controller.py" line="93"/>
        <source>Theme</source>
        <translation>Theme</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/appearance_controller.py" line="94"/>
        <source>Light</source>
        <translation>Light</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/appearance_controller.py" line="95"/>
        <source>Dark</source>
        <translation>Dark</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/appearance_controller.py" line="96"/>
        <source>Language</source>
        <translation>Language</translation>
    </message>
</context>
<context>
    <name>BuilderPanel</name>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="252"/>
        <source>Remedies</source>
        <translation>Remedies</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="253"/>
        <source>Network</source>
        <translation>Network</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="254"/>
        <source>Training</source>
        <translation>Training</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="255"/>
        <source>Data</source>
        <translation>Data</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="257"/>
        <source>Experiment name</source>
        <translation>Experiment name</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="258"/>
        <source>Depth (hidden layers)</source>
        <translation>Depth (hidden layers)</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="259"/>
        <source>Width (units per layer)</source>
        <translation>Width (units per layer)</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="260"/>
        <source>Activation</source>
        <translation>Activation</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="261"/>
        <source>Initialization</source>
        <translation>Initialization</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="262"/>
        <source>Init gain</source>
        <translation>Init gain</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="263"/>
        <source>Leaky slope</source>
        <translation>Leaky slope</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="264"/>
        <source>Bias init std</source>
        <translation>Bias init std</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="265"/>
        <source>Residual branch</source>
        <translation>Residual branch</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="266"/>
        <source>Normalization</source>
        <translation>Normalization</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="267"/>
        <source>Learning rate</source>
        <translation>Learning rate</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="268"/>
        <source>Optimizer</source>
        <translation>Optimizer</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="269"/>
        <source>Batch size</source>
        <translation>Batch size</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="270"/>
        <source>L2 weight decay</source>
        <translation>L2 weight decay</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="271"/>
        <source>Clip threshold</source>
        <translation>Clip threshold</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="272"/>
        <source>Seed</source>
        <translation>Seed</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="273"/>
        <source>Precision</source>
        <translation>Precision</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="274"/>
        <source>Dataset</source>
        <translation>Dataset</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="275"/>
        <source>Points</source>
        <translation>Points</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="276"/>
        <source>Noise</source>
        <translation>Noise</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="277"/>
        <source>Train fraction</source>
        <translation>Train fraction</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="282"/>
        <source>Residual connections (h + f(h))</source>
        <translation>Residual connections (h + f(h))</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="283"/>
        <location filename="../../bpviz/ui/builder_panel.py" line="412"/>
        <source>Batch normalization</source>
        <translation>Batch normalization</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="284"/>
        <location filename="../../bpviz/ui/builder_panel.py" line="414"/>
        <source>Gradient clipping</source>
        <translation>Gradient clipping</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="285"/>
        <source>by global norm</source>
        <translation>by global norm</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="286"/>
        <source>by value</source>
        <translation>by value</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="288"/>
        <source>sigmoid</source>
        <translation>sigmoid</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="288"/>
        <source>tanh</source>
        <translation>tanh</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="288"/>
        <source>ReLU</source>
        <translation>ReLU</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="289"/>
        <source>Leaky ReLU</source>
        <translation>Leaky ReLU</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="289"/>
        <source>PReLU</source>
        <translation>PReLU</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="289"/>
        <source>ELU</source>
        <translation>ELU</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="290"/>
        <source>GELU</source>
        <translation>GELU</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="293"/>
        <source>σ(z) = 1/(1+e^-z); σ&apos;(z) = a(1-a) &lt;= 0.25</source>
        <translation>σ(z) = 1/(1+e^-z); σ&apos;(z) = a(1-a) &lt;= 0.25</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="294"/>
        <source>tanh(z); tanh&apos;(z) = 1 - a² &lt;= 1, but near 0 once |z| is large</source>
        <translation>tanh(z); tanh&apos;(z) = 1 - a² &lt;= 1, but near 0 once |z| is large</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="295"/>
        <source>max(0, z); derivative 1 for z &gt; 0, 0 otherwise (units can die)</source>
        <translation>max(0, z); derivative 1 for z &gt; 0, 0 otherwise (units can die)</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="296"/>
        <source>z for z &gt; 0, slope·z otherwise: never exactly 0 gradient</source>
        <translation>z for z &gt; 0, slope·z otherwise: never exactly 0 gradient</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="297"/>
        <source>like Leaky ReLU, but the slope α (start 0.25) is learned per layer</source>
        <translation>like Leaky ReLU, but the slope α (start 0.25) is learned per layer</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="298"/>
        <source>z for z &gt; 0, e^z - 1 otherwise: smooth, mean closer to 0</source>
        <translation>z for z &gt; 0, e^z - 1 otherwise: smooth, mean closer to 0</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="299"/>
        <source>z·Φ(z) (tanh approximation): the smooth ReLU of transformers</source>
        <translation>z·Φ(z) (tanh approximation): the smooth ReLU of transformers</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="303"/>
        <source>small N(0, 0.01²)</source>
        <translation>small N(0, 0.01²)</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="303"/>
        <source>standard U(±1/√fan_in)</source>
        <translation>standard U(±1/√fan_in)</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="304"/>
        <source>Xavier / Glorot</source>
        <translation>Xavier / Glorot</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="304"/>
        <source>He / Kaiming</source>
        <translation>He / Kaiming</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="304"/>
        <source>large N(0, 1)</source>
        <translation>large N(0, 1)</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="305"/>
        <source>orthogonal</source>
        <translation>orthogonal</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="308"/>
        <source>std 0.01: every layer shrinks the signal, so gradients vanish</source>
        <translation>std 0.01: every layer shrinks the signal, so gradients vanish</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="309"/>
        <source>U(±1/√fan_in), Glorot &amp; Bengio&apos;s &apos;standard&apos; init: variance shrinks by 3 per layer</source>
        <translation>U(±1/√fan_in), Glorot &amp; Bengio&apos;s &apos;standard&apos; init: variance shrinks by 3 per layer</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="310"/>
        <source>U(±√(6/(fan_in+fan_out))): keeps variance for tanh/sigmoid</source>
        <translation>U(±√(6/(fan_in+fan_out))): keeps variance for tanh/sigmoid</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="311"/>
        <source>N(0, 2/fan_in): std = √(2/fan_in), keeps variance for ReLU</source>
        <translation>N(0, 2/fan_in): std = √(2/fan_in), keeps variance for ReLU</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="312"/>
        <source>std 1: activations saturate or gradients explode</source>
        <translation>std 1: activations saturate or gradients explode</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="313"/>
        <source>orthogonal matrix (Saxe et al. 2014): every singular value is 1, so a linear layer keeps the length of every signal</source>
        <translation>orthogonal matrix (Saxe et al. 2014): every singular value is 1, so a linear layer keeps the length of every signal</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="318"/>
        <source>h + a (plain)</source>
        <translation>h + a (plain)</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="318"/>
        <source>h + a/√depth</source>
        <translation>h + a/√depth</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="319"/>
        <source>ReZero: h + α·a</source>
        <translation>ReZero: h + α·a</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="321"/>
        <source>the plain sum: every block adds its variance, so a deep stack can explode</source>
        <translation>the plain sum: every block adds its variance, so a deep stack can explode</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="322"/>
        <source>each branch scaled by 1/√depth: the sum of depth blocks keeps its size</source>
        <translation>each branch scaled by 1/√depth: the sum of depth blocks keeps its size</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="323"/>
        <source>a learnable α per block, starting at 0: each block starts as the identity and learns how much to add</source>
        <translation>a learnable α per block, starting at 0: each block starts as the identity and learns how much to add</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="327"/>
        <source>None</source>
        <translation>None</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="327"/>
        <source>Batch norm</source>
        <translation>Batch norm</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="327"/>
        <source>Layer norm</source>
        <translation>Layer norm</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="329"/>
        <source>no normalization</source>
        <translation>no normalization</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="330"/>
        <source>each unit normalized over the batch: needs a batch of several examples</source>
        <translation>each unit normalized over the batch: needs a batch of several examples</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="331"/>
        <source>each example normalized over its units: works even with batch size 1</source>
        <translation>each example normalized over its units: works even with batch size 1</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="333"/>
        <source>SGD</source>
        <translation>SGD</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="333"/>
        <source>Momentum</source>
        <translation>Momentum</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="338"/>
        <source>digits (8×8)</source>
        <translation>digits (8×8)</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="340"/>
        <source>float64 (exact)</source>
        <translation>float64 (exact)</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="334"/>
        <source>Adam</source>
        <translation>Adam</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="335"/>
        <source>circle</source>
        <translation>circle</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="335"/>
        <source>XOR</source>
        <translation>XOR</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="336"/>
        <source>two Gaussians</source>
        <translation>two Gaussians</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="336"/>
        <source>spirals</source>
        <translation>spirals</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="337"/>
        <source>moons</source>
        <translation>moons</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="341"/>
        <source>float32 (faster)</source>
        <translation>float32 (faster)</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="344"/>
        <source>The experiment&apos;s name, shown in the window title and saved with the experiment.</source>
        <translation>The experiment&apos;s name, shown in the window title and saved with the experiment.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="346"/>
        <source>Number of hidden layers: backprop multiplies one Jacobian per layer, so the gradient at layer 1 is a product of depth factors and can shrink or grow exponentially.</source>
        <translation>Number of hidden layers: backprop multiplies one Jacobian per layer, so the gradient at layer 1 is a product of depth factors and can shrink or grow exponentially.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="349"/>
        <source>Units per hidden layer; it is the fan_in of the next layer, which the init schemes scale by.</source>
        <translation>Units per hidden layer; it is the fan_in of the next layer, which the init schemes scale by.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="351"/>
        <source>The nonlinearity a = f(z): sigmoid&apos;(z) = a(1-a) &lt;= 0.25, so each sigmoid layer shrinks the gradient at least 4x, while ReLU&apos;(z) = 1 for z &gt; 0 passes it on unchanged.</source>
        <translation>The nonlinearity a = f(z): sigmoid&apos;(z) = a(1-a) &lt;= 0.25, so each sigmoid layer shrinks the gradient at least 4x, while ReLU&apos;(z) = 1 for z &gt; 0 passes it on unchanged.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="354"/>
        <source>How weights start: Xavier U(±√(6/(fan_in+fan_out))) suits tanh/sigmoid, He: std = √(2/fan_in) suits ReLU; small N(0, 0.01²) makes gradients vanish, large N(0, 1) makes them explode.</source>
        <translation>How weights start: Xavier U(±√(6/(fan_in+fan_out))) suits tanh/sigmoid, He: std = √(2/fan_in) suits ReLU; small N(0, 0.01²) makes gradients vanish, large N(0, 1) makes them explode.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="357"/>
        <source>Multiplies the initial weights by g: each layer&apos;s Jacobian scales by about g, so after L layers the gradient scales by about g^L.</source>
        <translation>Multiplies the initial weights by g: each layer&apos;s Jacobian scales by about g, so after L layers the gradient scales by about g^L.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="360"/>
        <source>Leaky ReLU&apos;s slope for z &lt; 0 (f(z) = slope·z): a negative unit still passes slope × the gradient instead of 0, so no unit dies.</source>
        <translation>Leaky ReLU&apos;s slope for z &lt; 0 (f(z) = slope·z): a negative unit still passes slope × the gradient instead of 0, so no unit dies.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="363"/>
        <source>Biases start N(0, std²) instead of 0. With weight variance σ_w²/fan_in, the pair (σ_w², σ_b² = std²) decides whether gradients vanish or explode at initialization (mean-field theory).</source>
        <translation>Biases start N(0, std²) instead of 0. With weight variance σ_w²/fan_in, the pair (σ_w², σ_b² = std²) decides whether gradients vanish or explode at initialization (mean-field theory).</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="366"/>
        <source>Skip connections h ← h + f(h): the block&apos;s Jacobian is I + ∂f/∂h, so the gradient always has a path back that does not shrink.</source>
        <translation>Skip connections h ← h + f(h): the block&apos;s Jacobian is I + ∂f/∂h, so the gradient always has a path back that does not shrink.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="369"/>
        <source>How a residual block adds its branch a = f(h): h ← h + a (plain), h ← h + a/√depth, or ReZero h ← h + α·a with a learned α that starts at 0. The plain sum adds variance at every block.</source>
        <translation>How a residual block adds its branch a = f(h): h ← h + a (plain), h ← h + a/√depth, or ReZero h ← h + α·a with a learned α that starts at 0. The plain sum adds variance at every block.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="372"/>
        <source>Batch normalization z ← γ(z − μ)/√(σ² + ε) + β keeps every layer&apos;s pre-activations near mean 0, variance 1: out of the flat, saturated tails.</source>
        <translation>Batch normalization z ← γ(z − μ)/√(σ² + ε) + β keeps every layer&apos;s pre-activations near mean 0, variance 1: out of the flat, saturated tails.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="375"/>
        <source>Where the dense layer&apos;s output z is normalized, z ← γ(z − μ)/√(σ² + ε) + β: batch norm takes μ, σ² of each unit over the batch, layer norm of each example over its units.</source>
        <translation>Where the dense layer&apos;s output z is normalized, z ← γ(z − μ)/√(σ² + ε) + β: batch norm takes μ, σ² of each unit over the batch, layer norm of each example over its units.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="378"/>
        <source>Gradient clipping: if ‖g‖ &gt; threshold then g ← g · threshold/‖g‖; it bounds exploding gradients but cannot enlarge vanishing ones.</source>
        <translation>Gradient clipping: if ‖g‖ &gt; threshold then g ← g · threshold/‖g‖; it bounds exploding gradients but cannot enlarge vanishing ones.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="381"/>
        <source>The largest gradient norm allowed (or the largest entry, when clipping by value).</source>
        <translation>The largest gradient norm allowed (or the largest entry, when clipping by value).</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="383"/>
        <source>Step size η in W ← W − η·∂L/∂W: too small and nothing moves, too large and the loss blows up (NaN). The arrows step 1-2-5; you can type 3e-4.</source>
        <translation>Step size η in W ← W − η·∂L/∂W: too small and nothing moves, too large and the loss blows up (NaN). The arrows step 1-2-5; you can type 3e-4.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="386"/>
        <source>SGD: W ← W − η·g; momentum keeps a running sum v ← 0.9·v + g; Adam divides by a running RMS of g, so even tiny gradients take η-sized steps.</source>
        <translation>SGD: W ← W − η·g; momentum keeps a running sum v ← 0.9·v + g; Adam divides by a running RMS of g, so even tiny gradients take η-sized steps.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="389"/>
        <source>Training points per step: the gradient is the mean over the batch, so bigger batches give smoother steps.</source>
        <translation>Training points per step: the gradient is the mean over the batch, so bigger batches give smoother steps.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="392"/>
        <source>Weight decay adds ½·λ·Σ‖W‖² to the loss (gradient λ·W): it keeps weights small, but it does not cure vanishing gradients.</source>
        <translation>Weight decay adds ½·λ·Σ‖W‖² to the loss (gradient λ·W): it keeps weights small, but it does not cure vanishing gradients.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="395"/>
        <source>Random seed for the data, the initial weights and the batch order: the same seed gives the same run, bit for bit.</source>
        <translation>Random seed for the data, the initial weights and the batch order: the same seed gives the same run, bit for bit.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="398"/>
        <source>float64 shows a gradient of 1e-40 as 1e-40; float32 is faster but underflows to 0 below about 1e-38.</source>
        <translation>float64 shows a gradient of 1e-40 as 1e-40; float32 is faster but underflows to 0 below about 1e-38.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="401"/>
        <source>The 2-D toy problem, as in TensorFlow Playground: spirals need a deep, well-trained network, two Gaussians are almost linearly separable.</source>
        <translation>The 2-D toy problem, as in TensorFlow Playground: spirals need a deep, well-trained network, two Gaussians are almost linearly separable.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="403"/>
        <source>Number of points in the dataset, train and test together.</source>
        <translation>Number of points in the dataset, train and test together.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="405"/>
        <source>Standard deviation of the Gaussian noise added to each coordinate; 0.5 makes the classes overlap a lot.</source>
        <translation>Standard deviation of the Gaussian noise added to each coordinate; 0.5 makes the classes overlap a lot.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="408"/>
        <source>Fraction of the points used for training; the rest are the test set behind test accuracy.</source>
        <translation>Fraction of the points used for training; the rest are the test set behind test accuracy.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="411"/>
        <source>Residual connections</source>
        <translation>Residual connections</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="413"/>
        <source>Residual branch scaling</source>
        <translation>Residual branch scaling</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="416"/>
        <source>Changing it rebuilds the network (new weights, step 0).</source>
        <translation>Changing it rebuilds the network (new weights, step 0).</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="429"/>
        <source>By norm rescales the whole gradient to length &lt;= threshold (its direction kept); by value clamps each entry to [−threshold, threshold].</source>
        <translation>By norm rescales the whole gradient to length &lt;= threshold (its direction kept); by value clamps each entry to [−threshold, threshold].</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="431"/>
        <source>Clipping mode</source>
        <translation>Clipping mode</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="433"/>
        <source>{mark} = changing it rebuilds the network (new weights, back to step 0). Everything else changes live, at the next step.</source>
        <translation>{mark} = changing it rebuilds the network (new weights, back to step 0). Everything else changes live, at the next step.</translation>
    </message>
</context>
<context>
    <name>ComparePanel</name>
    <message>
        <location filename="../../bpviz/ui/compare_panel.py" line="59"/>
        <location filename="../../bpviz/ui/compare_panel.py" line="64"/>
        <source>Compare A/B</source>
        <translation>Compare A/B</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/compare_panel.py" line="60"/>
        <source>Train network B beside A</source>
        <translation>Train network B beside A</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/compare_panel.py" line="62"/>
        <source>Compare mode: a second network B, identical to A except for the remedies ticked below, trains in lockstep on the same data and seed; every plot overlays B. Switching it on restarts both.</source>
        <translation>Compare mode: a second network B, identical to A except for the remedies ticked below, trains in lockstep on the same data and seed; every plot overlays B. Switching it on restarts both.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/compare_panel.py" line="66"/>
        <source>B uses ReLU</source>
        <translation>B uses ReLU</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/compare_panel.py" line="67"/>
        <source>B&apos;s activation is ReLU: derivative 1 for z &gt; 0, so no per-layer 0.25 factor.</source>
        <translation>B&apos;s activation is ReLU: derivative 1 for z &gt; 0, so no per-layer 0.25 factor.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/compare_panel.py" line="68"/>
        <source>B has residual connections</source>
        <translation>B has residual connections</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/compare_panel.py" line="69"/>
        <source>B adds skips h ← h + f(h): Jacobian I + ∂f/∂h, a path back that does not shrink.</source>
        <translation>B adds skips h ← h + f(h): Jacobian I + ∂f/∂h, a path back that does not shrink.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/compare_panel.py" line="70"/>
        <source>B has batch normalization</source>
        <translation>B has batch normalization</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/compare_panel.py" line="71"/>
        <source>B normalizes each layer&apos;s pre-activations to mean 0, variance 1 over the batch.</source>
        <translation>B normalizes each layer&apos;s pre-activations to mean 0, variance 1 over the batch.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/compare_panel.py" line="72"/>
        <source>B clips gradients (by norm)</source>
        <translation>B clips gradients (by norm)</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/compare_panel.py" line="73"/>
        <source>B rescales its gradient when ‖g‖ exceeds A&apos;s threshold; it tames exploding gradients only.</source>
        <translation>B rescales its gradient when ‖g‖ exceeds A&apos;s threshold; it tames exploding gradients only.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/compare_panel.py" line="74"/>
        <source>B uses He initialization</source>
        <translation>B uses He initialization</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/compare_panel.py" line="75"/>
        <source>B&apos;s weights start with std = √(2/fan_in) (He et al.); B restarts when this changes.</source>
        <translation>B&apos;s weights start with std = √(2/fan_in) (He et al.); B restarts when this changes.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/compare_panel.py" line="150"/>
        <source>Off: only network A trains.</source>
        <translation>Off: only network A trains.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/compare_panel.py" line="156"/>
        <source>B = A (tick a remedy to make them differ).</source>
        <translation>B = A (tick a remedy to make them differ).</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/compare_panel.py" line="158"/>
        <source>B = A, plus: {changes}</source>
        <translation>B = A, plus: {changes}</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/compare_panel.py" line="160"/>
        <source>B = A with the remedies ticked above.</source>
        <translation>B = A with the remedies ticked above.</translation>
    </message>
</context>
<context>
    <name>DataFileMessages</name>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="30"/>
        <source>a zip archive (an Excel .xlsx or LibreOffice .ods workbook?)</source>
        <translation>a zip archive (an Excel .xlsx or LibreOffice .ods workbook?)</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="31"/>
        <source>an old Office file (an Excel .xls workbook?)</source>
        <translation>an old Office file (an Excel .xls workbook?)</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="32"/>
        <source>a PDF document</source>
        <translation>a PDF document</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="33"/>
        <source>a PNG image</source>
        <translation>a PNG image</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="34"/>
        <source>a JPEG image</source>
        <translation>a JPEG image</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="35"/>
        <source>a gzip archive</source>
        <translation>a gzip archive</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="36"/>
        <source>a GIF image</source>
        <translation>a GIF image</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="45"/>
        <source>empty</source>
        <translation>empty</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="62"/>
        <source>Permission denied</source>
        <translation>Permission denied</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="63"/>
        <source>Operation not permitted</source>
        <translation>Operation not permitted</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="65"/>
        <source>Too many levels of symbolic links</source>
        <translation>Too many levels of symbolic links</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="66"/>
        <source>Input/output error</source>
        <translation>Input/output error</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="67"/>
        <source>File name too long</source>
        <translation>File name too long</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="68"/>
        <source>Not a directory</source>
        <translation>Not a directory</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="80"/>
        <source>unexpected end of data</source>
        <translation>unexpected end of data</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="85"/>
        <source>field larger than field limit ({limit})</source>
        <translation>field larger than field limit ({limit})</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="92"/>
        <source>tab</source>
        <translation>tab</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="97"/>
        <source>row {row} has {count} columns, but the header (row {first_row}) has {width}; check for a missing or extra &apos;{delimiter}&apos; in row {row}</source>
        <translation>row {row} has {count} columns, but the header (row {first_row}) has {width}; check for a missing or extra &apos;{delimiter}&apos; in row {row}</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="99"/>
        <source>row {row} has {count} columns, but the first row (row {first_row}) has {width}; check for a missing or extra &apos;{delimiter}&apos; in row {row}</source>
        <translation>row {row} has {count} columns, but the first row (row {first_row}) has {width}; check for a missing or extra &apos;{delimiter}&apos; in row {row}</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="105"/>
        <source>the file has {count} data row; bpviz needs at least {minimum} (some to train on, some to test on)</source>
        <translation>the file has {count} data row; bpviz needs at least {minimum} (some to train on, some to test on)</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="107"/>
        <source>the file has {count} data rows; bpviz needs at least {minimum} (some to train on, some to test on)</source>
        <translation>the file has {count} data rows; bpviz needs at least {minimum} (some to train on, some to test on)</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="113"/>
        <source>no such file ({path})</source>
        <translation>no such file ({path})</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="114"/>
        <source>{path} is a folder, not a file</source>
        <translation>{path} is a folder, not a file</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="115"/>
        <source>cannot open it ({reason})</source>
        <translation>cannot open it ({reason})</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="116"/>
        <source>{path} is not a regular file (a device, a pipe or a socket)</source>
        <translation>{path} is not a regular file (a device, a pipe or a socket)</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="118"/>
        <source>the file is {size_mb} MB; bpviz reads CSV files of at most {limit_mb} MB (about {rows} rows are used in any case): save a smaller sample of the rows</source>
        <translation>the file is {size_mb} MB; bpviz reads CSV files of at most {limit_mb} MB (about {rows} rows are used in any case): save a smaller sample of the rows</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="121"/>
        <source>cannot read it ({reason})</source>
        <translation>cannot read it ({reason})</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="122"/>
        <source>the file is empty</source>
        <translation>the file is empty</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="123"/>
        <source>this is {what}, not a CSV text file; save it from the spreadsheet as &quot;CSV UTF-8 (comma delimited)&quot;</source>
        <translation>this is {what}, not a CSV text file; save it from the spreadsheet as &quot;CSV UTF-8 (comma delimited)&quot;</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="126"/>
        <source>it starts like UTF-16 text but byte {byte} is not valid UTF-16; save it from the spreadsheet as &quot;CSV UTF-8 (comma delimited)&quot;</source>
        <translation>it starts like UTF-16 text but byte {byte} is not valid UTF-16; save it from the spreadsheet as &quot;CSV UTF-8 (comma delimited)&quot;</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="129"/>
        <source>this looks like a binary file (it holds zero bytes), not a CSV text; save it from the spreadsheet as &quot;CSV UTF-8 (comma delimited)&quot;</source>
        <translation>this looks like a binary file (it holds zero bytes), not a CSV text; save it from the spreadsheet as &quot;CSV UTF-8 (comma delimited)&quot;</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="132"/>
        <source>row {row}: byte {byte} is not UTF-8 text (the file was saved in another encoding, e.g. Windows-1252); save it from the spreadsheet as &quot;CSV UTF-8 (comma delimited)&quot;</source>
        <translation>row {row}: byte {byte} is not UTF-8 text (the file was saved in another encoding, e.g. Windows-1252); save it from the spreadsheet as &quot;CSV UTF-8 (comma delimited)&quot;</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="135"/>
        <source>row {row}: the file holds control characters (code {code}), so it is not a CSV text; save it from the spreadsheet as &quot;CSV UTF-8 (comma delimited)&quot;</source>
        <translation>row {row}: the file holds control characters (code {code}), so it is not a CSV text; save it from the spreadsheet as &quot;CSV UTF-8 (comma delimited)&quot;</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="138"/>
        <source>row {row}: the CSV cannot be read there ({reason}); check the quotes (&quot;) in that row</source>
        <translation>row {row}: the CSV cannot be read there ({reason}); check the quotes (&quot;) in that row</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="140"/>
        <source>every row has a single column: bpviz needs numeric feature columns and a label column, separated by commas, semicolons or tabs</source>
        <translation>every row has a single column: bpviz needs numeric feature columns and a label column, separated by commas, semicolons or tabs</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="143"/>
        <source>the file holds no data (only blank lines)</source>
        <translation>the file holds no data (only blank lines)</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="144"/>
        <source>row {row} holds column names, but no data rows follow</source>
        <translation>row {row} holds column names, but no data rows follow</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="146"/>
        <source>row {row} has a single column: bpviz needs at least one numeric feature column and a label column</source>
        <translation>row {row} has a single column: bpviz needs at least one numeric feature column and a label column</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="151"/>
        <source>columns {columns} are all named &apos;{name}&apos;; only one column can be the label: rename the others</source>
        <translation>columns {columns} are all named &apos;{name}&apos;; only one column can be the label: rename the others</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="154"/>
        <source>the file has {count} feature columns; bpviz handles at most {limit}</source>
        <translation>the file has {count} feature columns; bpviz handles at most {limit}</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="156"/>
        <source>row {row}, column {column} (&apos;{name}&apos;): the value is missing ({what}); fill it in or delete the row</source>
        <translation>row {row}, column {column} (&apos;{name}&apos;): the value is missing ({what}); fill it in or delete the row</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="159"/>
        <source>row {row}, column {column} (&apos;{name}&apos;): {value} is not a finite number</source>
        <translation>row {row}, column {column} (&apos;{name}&apos;): {value} is not a finite number</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="161"/>
        <source>row {row}, column {column} (&apos;{name}&apos;): {value} is not a number (write it without thousands separators)</source>
        <translation>row {row}, column {column} (&apos;{name}&apos;): {value} is not a number (write it without thousands separators)</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="164"/>
        <source>row {row}, column {column} (&apos;{name}&apos;): {value} is not a number; feature columns must hold numbers only</source>
        <translation>row {row}, column {column} (&apos;{name}&apos;): {value} is not a number; feature columns must hold numbers only</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="167"/>
        <source>row {row}, column {column} (&apos;{name}&apos;): the label is missing ({what}); every row needs a label</source>
        <translation>row {row}, column {column} (&apos;{name}&apos;): the label is missing ({what}); every row needs a label</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="170"/>
        <source>every row has the same label ({label} in column {column}, &apos;{name}&apos;): a classifier needs at least two classes</source>
        <translation>every row has the same label ({label} in column {column}, &apos;{name}&apos;): a classifier needs at least two classes</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="173"/>
        <source>every class has a single row ({count} rows, {count} labels): no row of any class is left to test on; the label column may be an identifier</source>
        <translation>every class has a single row ({count} rows, {count} labels): no row of any class is left to test on; the label column may be an identifier</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="176"/>
        <source>every feature column has the same value in every row: there is nothing to learn from</source>
        <translation>every feature column has the same value in every row: there is nothing to learn from</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="178"/>
        <source>column {column} (&apos;{name}&apos;), the label column, has {count} different values; bpviz handles at most {limit} classes. If it is a measurement rather than a class, it cannot be the label: put the class in a column named &apos;{label}&apos; or in the last column</source>
        <translation>column {column} (&apos;{name}&apos;), the label column, has {count} different values; bpviz handles at most {limit} classes. If it is a measurement rather than a class, it cannot be the label: put the class in a column named &apos;{label}&apos; or in the last column</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="182"/>
        <source>the experiment&apos;s data file is not there any more ({path}): it was moved, renamed or deleted. Put it back, or locate it (bpviz checks that it is the same file), or import another file</source>
        <translation>the experiment&apos;s data file is not there any more ({path}): it was moved, renamed or deleted. Put it back, or locate it (bpviz checks that it is the same file), or import another file</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="186"/>
        <source>the experiment&apos;s data file has changed since the experiment was saved (its content&apos;s SHA-256 is {actual}…, the experiment recorded {expected}…). bpviz does not train on other data than the experiment&apos;s: restore the file, or import it again to use the new content</source>
        <translation>the experiment&apos;s data file has changed since the experiment was saved (its content&apos;s SHA-256 is {actual}…, the experiment recorded {expected}…). bpviz does not train on other data than the experiment&apos;s: restore the file, or import it again to use the new content</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="191"/>
        <source>data.path is {length} characters long; at most {limit} are allowed</source>
        <translation>data.path is {length} characters long; at most {limit} are allowed</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="193"/>
        <source>data.path = {value} holds a control character; a file path cannot</source>
        <translation>data.path = {value} holds a control character; a file path cannot</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="200"/>
        <source>No column is named &apos;{label}&apos;, so the last column (&apos;{name}&apos;) is the label.</source>
        <translation>No column is named &apos;{label}&apos;, so the last column (&apos;{name}&apos;) is the label.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="202"/>
        <source>Column {column} (&apos;{name}&apos;) has the same value ({value}) in every row: it carries no information (it is kept, as 0).</source>
        <translation>Column {column} (&apos;{name}&apos;) has the same value ({value}) in every row: it carries no information (it is kept, as 0).</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="233"/>
        <source>{file}: {message}</source>
        <translation>{file}: {message}</translation>
    </message>
</context>
<context>
    <name>DecisionBoundaryPlot</name>
    <message>
        <location filename="../../bpviz/ui/plots/decision_boundary.py" line="163"/>
        <location filename="../../bpviz/ui/plots/decision_boundary.py" line="166"/>
        <source>Decision boundary</source>
        <translation>Decision boundary</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/decision_boundary.py" line="170"/>
        <source>Under each test image: the network&apos;s answer (✗: wrong, the right one in brackets). All alike = nothing learned yet.</source>
        <translation>Under each test image: the network&apos;s answer (✗: wrong, the right one in brackets). All alike = nothing learned yet.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/decision_boundary.py" line="173"/>
        <source>Rows: true class; columns: the network&apos;s answer. Dark diagonal = learned; one dark column = one answer for all.</source>
        <translation>Rows: true class; columns: the network&apos;s answer. Dark diagonal = learned; one dark column = one answer for all.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/decision_boundary.py" line="175"/>
        <source>Colour: the model&apos;s P(class 1); line: P = 0.5. One flat colour everywhere means the network has not learned anything yet.</source>
        <translation>Colour: the model&apos;s P(class 1); line: P = 0.5. One flat colour everywhere means the network has not learned anything yet.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/decision_boundary.py" line="182"/>
        <source>predicted class</source>
        <translation>predicted class</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/decision_boundary.py" line="183"/>
        <source>true class</source>
        <translation>true class</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/decision_boundary.py" line="184"/>
        <source>input x₁ (data units)</source>
        <translation>input x₁ (data units)</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/decision_boundary.py" line="185"/>
        <source>input x₂ (data units)</source>
        <translation>input x₂ (data units)</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/decision_boundary.py" line="192"/>
        <source>share of the true class</source>
        <translation>share of the true class</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/decision_boundary.py" line="194"/>
        <source>P(class 1)</source>
        <translation>P(class 1)</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/decision_boundary.py" line="197"/>
        <source>output is NaN/Inf:
the run diverged</source>
        <translation>output is NaN/Inf:
the run diverged</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/decision_boundary.py" line="206"/>
        <source>class 0</source>
        <translation>class 0</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/decision_boundary.py" line="207"/>
        <source>class 1</source>
        <translation>class 1</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/decision_boundary.py" line="208"/>
        <source>train</source>
        <translation>train</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/decision_boundary.py" line="209"/>
        <source>test</source>
        <translation>test</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/decision_boundary.py" line="212"/>
        <source>A: P = 0.5</source>
        <translation>A: P = 0.5</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/decision_boundary.py" line="211"/>
        <source>B: P = 0.5</source>
        <translation>B: P = 0.5</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/decision_boundary.py" line="160"/>
        <source>Test images and predictions</source>
        <translation>Test images and predictions</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/decision_boundary.py" line="162"/>
        <source>Confusion matrix (test set)</source>
        <translation>Confusion matrix (test set)</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/decision_boundary.py" line="215"/>
        <source>P = 0.5</source>
        <translation>P = 0.5</translation>
    </message>
</context>
<context>
    <name>DivergenceBanner</name>
    <message>
        <location filename="../../bpviz/ui/divergence_banner.py" line="59"/>
        <source>Reset</source>
        <translation>Reset</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/divergence_banner.py" line="60"/>
        <source>New weights from the seed, back to step 0.</source>
        <translation>New weights from the seed, back to step 0.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/divergence_banner.py" line="61"/>
        <source>Reset after divergence</source>
        <translation>Reset after divergence</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/divergence_banner.py" line="87"/>
        <source>Training diverged at step {step} in {layer} ({quantity} became NaN/Inf) — lower the learning rate, turn on clipping, or Reset.</source>
        <translation>Training diverged at step {step} in {layer} ({quantity} became NaN/Inf) — lower the learning rate, turn on clipping, or Reset.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/divergence_banner.py" line="89"/>
        <source>Training diverged at step {step} in {layer} ({quantity} became NaN/Inf).</source>
        <translation>Training diverged at step {step} in {layer} ({quantity} became NaN/Inf).</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/divergence_banner.py" line="101"/>
        <source>Network {name}: {text}</source>
        <translation>Network {name}: {text}</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/divergence_banner.py" line="143"/>
        <source>layer {number}</source>
        <translation>layer {number}</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/divergence_banner.py" line="145"/>
        <source>the output layer</source>
        <translation>the output layer</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/divergence_banner.py" line="147"/>
        <source>the loss</source>
        <translation>the loss</translation>
    </message>
</context>
<context>
    <name>DockLayout</name>
    <message>
        <location filename="../../bpviz/ui/dock_layout.py" line="333"/>
        <source>{title} — plot {index} of {count} (PageDown: next, PageUp: previous)</source>
        <translation>{title} — plot {index} of {count} (PageDown: next, PageUp: previous)</translation>
    </message>
</context>
<context>
    <name>EventMarkers</name>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="40"/>
        <source>diverged</source>
        <translation>diverged</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="42"/>
        <source>residual on</source>
        <translation>residual on</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="43"/>
        <source>residual off</source>
        <translation>residual off</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="44"/>
        <source>batch norm on</source>
        <translation>batch norm on</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="45"/>
        <source>batch norm off</source>
        <translation>batch norm off</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="46"/>
        <source>layer norm on</source>
        <translation>layer norm on</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="47"/>
        <source>layer norm off</source>
        <translation>layer norm off</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="48"/>
        <source>clipping off</source>
        <translation>clipping off</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="49"/>
        <source>residual scale 1</source>
        <translation>residual scale 1</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="50"/>
        <source>residual scale 1/√depth</source>
        <translation>residual scale 1/√depth</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="51"/>
        <source>residual scale ReZero (α = 0)</source>
        <translation>residual scale ReZero (α = 0)</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="63"/>
        <source>clip by norm %1</source>
        <translation>clip by norm %1</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="64"/>
        <source>clip by value %1</source>
        <translation>clip by value %1</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="65"/>
        <source>clip threshold %1</source>
        <translation>clip threshold %1</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="66"/>
        <source>lr %1</source>
        <translation>lr %1</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="67"/>
        <source>L2 %1</source>
        <translation>L2 %1</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="68"/>
        <source>leaky slope %1</source>
        <translation>leaky slope %1</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="69"/>
        <source>batch %1</source>
        <translation>batch %1</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="56"/>
        <source>activation %1</source>
        <translation>activation %1</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="32"/>
        <source>A: %1</source>
        <translation>A: %1</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="34"/>
        <source>B: %1</source>
        <translation>B: %1</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="57"/>
        <source>optimizer %1</source>
        <translation>optimizer %1</translation>
    </message>
</context>
<context>
    <name>ExperimentFiles</name>
    <message>
        <location filename="../../bpviz/ui/experiment_files.py" line="61"/>
        <source>&amp;Open experiment…</source>
        <translation>&amp;Open experiment…</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/experiment_files.py" line="62"/>
        <source>&amp;Save experiment…</source>
        <translation>&amp;Save experiment…</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/experiment_files.py" line="63"/>
        <source>Open &amp;recent</source>
        <translation>Open &amp;recent</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/experiment_files.py" line="148"/>
        <source>Open experiment</source>
        <translation>Open experiment</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/experiment_files.py" line="149"/>
        <source>bpviz experiment (*.json);;All files (*)</source>
        <translation>bpviz experiment (*.json);;All files (*)</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/experiment_files.py" line="124"/>
        <location filename="../../bpviz/ui/experiment_files.py" line="155"/>
        <source>Cannot open experiment</source>
        <translation>Cannot open experiment</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/experiment_files.py" line="64"/>
        <source>&amp;Import data (CSV)…</source>
        <translation>&amp;Import data (CSV)…</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/experiment_files.py" line="87"/>
        <source>Import data</source>
        <translation>Import data</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/experiment_files.py" line="88"/>
        <location filename="../../bpviz/ui/experiment_files.py" line="134"/>
        <source>CSV table (*.csv *.tsv *.txt);;All files (*)</source>
        <translation>CSV table (*.csv *.tsv *.txt);;All files (*)</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/experiment_files.py" line="96"/>
        <source>Cannot import data</source>
        <translation>Cannot import data</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/experiment_files.py" line="100"/>
        <source>Imported {name}: {rows} rows, {features} features, {classes} classes.</source>
        <translation>Imported {name}: {rows} rows, {features} features, {classes} classes.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/experiment_files.py" line="103"/>
        <source>Data imported</source>
        <translation>Data imported</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/experiment_files.py" line="114"/>
        <source>Data file not found</source>
        <translation>Data file not found</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/experiment_files.py" line="116"/>
        <source>Locate the file…</source>
        <translation>Locate the file…</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/experiment_files.py" line="121"/>
        <source>Data file changed</source>
        <translation>Data file changed</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/experiment_files.py" line="133"/>
        <source>Locate the data file</source>
        <translation>Locate the data file</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/experiment_files.py" line="140"/>
        <source>Not the experiment&apos;s data file</source>
        <translation>Not the experiment&apos;s data file</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/experiment_files.py" line="166"/>
        <source>Opened {path}</source>
        <translation>Opened {path}</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/experiment_files.py" line="172"/>
        <source>Save experiment</source>
        <translation>Save experiment</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/experiment_files.py" line="173"/>
        <source>bpviz experiment (*.json)</source>
        <translation>bpviz experiment (*.json)</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/experiment_files.py" line="179"/>
        <source>Cannot save experiment</source>
        <translation>Cannot save experiment</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/experiment_files.py" line="180"/>
        <source>Could not write {path}:
{error}</source>
        <translation>Could not write {path}:
{error}</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/experiment_files.py" line="183"/>
        <source>Saved {path}</source>
        <translation>Saved {path}</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/experiment_files.py" line="203"/>
        <source>(no recent experiments)</source>
        <translation>(no recent experiments)</translation>
    </message>
</context>
<context>
    <name>Explanations</name>
    <message>
        <location filename="../../bpviz/ui/explanations.py" line="59"/>
        <source>layer {number}</source>
        <translation>layer {number}</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/explanations.py" line="60"/>
        <source>layers {ranges}</source>
        <translation>layers {ranges}</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/explanations.py" line="77"/>
        <source>init “{init}”</source>
        <translation>init “{init}”</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/explanations.py" line="78"/>
        <source>init “{init}” with gain {gain}</source>
        <translation>init “{init}” with gain {gain}</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/explanations.py" line="88"/>
        <source>Use {scheme} init with gain 1, or batch norm.</source>
        <translation>Use {scheme} init with gain 1, or batch norm.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/explanations.py" line="89"/>
        <source>Use {scheme} init, or batch norm.</source>
        <translation>Use {scheme} init, or batch norm.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/explanations.py" line="91"/>
        <source>Press Reset to start from fresh weights.</source>
        <translation>Press Reset to start from fresh weights.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/explanations.py" line="92"/>
        <source>Undo the change, or press Reset to start from fresh weights.</source>
        <translation>Undo the change, or press Reset to start from fresh weights.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/explanations.py" line="93"/>
        <source>Lower the learning rate.</source>
        <translation>Lower the learning rate.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/explanations.py" line="94"/>
        <source>Turn on gradient clipping.</source>
        <translation>Turn on gradient clipping.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/explanations.py" line="95"/>
        <source>Try scaling the branch (ReZero or 1/√depth).</source>
        <translation>Try scaling the branch (ReZero or 1/√depth).</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/explanations.py" line="96"/>
        <source>Use layer norm, or a larger batch.</source>
        <translation>Use layer norm, or a larger batch.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/explanations.py" line="97"/>
        <source>Use a larger batch.</source>
        <translation>Use a larger batch.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/explanations.py" line="98"/>
        <source>Try Leaky ReLU, or a lower learning rate.</source>
        <translation>Try Leaky ReLU, or a lower learning rate.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/explanations.py" line="99"/>
        <source>Try an activation of the ReLU family.</source>
        <translation>Try an activation of the ReLU family.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/explanations.py" line="100"/>
        <source>Use float64, which keeps numbers down to 1e-308.</source>
        <translation>Use float64, which keeps numbers down to 1e-308.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/explanations.py" line="111"/>
        <source>in {layers} every ReLU unit is dead: after training with {activation}, their inputs are all negative, so no gradient passes</source>
        <translation>in {layers} every ReLU unit is dead: after training with {activation}, their inputs are all negative, so no gradient passes</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/explanations.py" line="114"/>
        <source>in {layers} every ReLU unit outputs 0 for the whole batch, so no gradient passes</source>
        <translation>in {layers} every ReLU unit outputs 0 for the whole batch, so no gradient passes</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/explanations.py" line="119"/>
        <source>the residual sum drifts: every block adds a positive output, so the stream&apos;s mean reaches {mean} at block {block}</source>
        <translation>the residual sum drifts: every block adds a positive output, so the stream&apos;s mean reaches {mean} at block {block}</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/explanations.py" line="123"/>
        <source>the residual sum grows: each block adds variance, until the stream overflows at block {block}</source>
        <translation>the residual sum grows: each block adds variance, until the stream overflows at block {block}</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/explanations.py" line="125"/>
        <source>the residual sum grows: each block adds variance, so the stream is {growth} larger at block {block} than at block 1</source>
        <translation>the residual sum grows: each block adds variance, so the stream is {growth} larger at block {block} than at block 1</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/explanations.py" line="132"/>
        <source>the activations grow layer over layer until they overflow: {init} is too large for {activation}</source>
        <translation>the activations grow layer over layer until they overflow: {init} is too large for {activation}</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/explanations.py" line="134"/>
        <source>the activations grow {factor} per layer: {init} is too large for {activation}</source>
        <translation>the activations grow {factor} per layer: {init} is too large for {activation}</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/explanations.py" line="137"/>
        <source>batch norm over a batch of {size}: its batch statistics are meaningless</source>
        <translation>batch norm over a batch of {size}: its batch statistics are meaningless</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/explanations.py" line="140"/>
        <source>the learning rate is too large for these weights: one update is {share} of the weights&apos; size in {layers} (healthy: about 0.1%)</source>
        <translation>the learning rate is too large for these weights: one update is {share} of the weights&apos; size in {layers} (healthy: about 0.1%)</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/explanations.py" line="144"/>
        <source>the activations are saturated: {activation}&apos;s slope is about 0 for up to {share} of the units in {layers}</source>
        <translation>the activations are saturated: {activation}&apos;s slope is about 0 for up to {share} of the units in {layers}</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/explanations.py" line="151"/>
        <source>no gradient reaches {layers}: it shrank below the smallest {dtype} number on its way back</source>
        <translation>no gradient reaches {layers}: it shrank below the smallest {dtype} number on its way back</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/explanations.py" line="153"/>
        <source>no layer gets a weight gradient</source>
        <translation>no layer gets a weight gradient</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/explanations.py" line="169"/>
        <source>The loss rose {ratio} ({before} → {after}) within {steps} steps of “{change}”</source>
        <translation>The loss rose {ratio} ({before} → {after}) within {steps} steps of “{change}”</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/explanations.py" line="173"/>
        <source>The loss rose {ratio} ({before} → {after}) in the first {steps} steps</source>
        <translation>The loss rose {ratio} ({before} → {after}) in the first {steps} steps</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/explanations.py" line="179"/>
        <source>The loss stays {ratio} above its level before “{change}” ({before} → {now})</source>
        <translation>The loss stays {ratio} above its level before “{change}” ({before} → {now})</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/explanations.py" line="183"/>
        <source>The loss stays {ratio} above its level at the start ({before} → {now})</source>
        <translation>The loss stays {ratio} above its level at the start ({before} → {now})</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/explanations.py" line="186"/>
        <source>{what}: {why}.</source>
        <translation>{what}: {why}.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/explanations.py" line="188"/>
        <source>{what}.</source>
        <translation>{what}.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/explanations.py" line="193"/>
        <source>Why: after “{change}” at step {step}, {why}.</source>
        <translation>Why: after “{change}” at step {step}, {why}.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/explanations.py" line="196"/>
        <source>Why: {why}.</source>
        <translation>Why: {why}.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/explanations.py" line="198"/>
        <source>{why}.</source>
        <translation>{why}.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/explanations.py" line="199"/>
        <source>{what} {todo}</source>
        <translation>{what} {todo}</translation>
    </message>
</context>
<context>
    <name>ExportActions</name>
    <message>
        <location filename="../../bpviz/ui/export_actions.py" line="120"/>
        <source>&amp;Export</source>
        <translation>&amp;Export</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/export_actions.py" line="122"/>
        <location filename="../../bpviz/ui/export_actions.py" line="136"/>
        <source>Dashboard as PNG ({scale}x)…</source>
        <translation>Dashboard as PNG ({scale}x)…</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/export_actions.py" line="123"/>
        <source>Plot as PNG</source>
        <translation>Plot as PNG</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/export_actions.py" line="124"/>
        <source>Plot as SVG</source>
        <translation>Plot as SVG</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/export_actions.py" line="131"/>
        <source>PNG ({scale}x)…</source>
        <translation>PNG ({scale}x)…</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/export_actions.py" line="132"/>
        <source>Training history as CSV…</source>
        <translation>Training history as CSV…</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/export_actions.py" line="133"/>
        <source>Animation (GIF or APNG)…</source>
        <translation>Animation (GIF or APNG)…</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/export_actions.py" line="138"/>
        <location filename="../../bpviz/ui/export_actions.py" line="155"/>
        <source>Export plot as SVG</source>
        <translation>Export plot as SVG</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/export_actions.py" line="140"/>
        <source>Plot as PNG ({scale}x)…</source>
        <translation>Plot as PNG ({scale}x)…</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/export_actions.py" line="144"/>
        <source>Export dashboard as PNG</source>
        <translation>Export dashboard as PNG</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/export_actions.py" line="145"/>
        <location filename="../../bpviz/ui/export_actions.py" line="156"/>
        <source>PNG image (*.png)</source>
        <translation>PNG image (*.png)</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/export_actions.py" line="155"/>
        <source>Export plot as PNG</source>
        <translation>Export plot as PNG</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/export_actions.py" line="156"/>
        <source>SVG image (*.svg)</source>
        <translation>SVG image (*.svg)</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/export_actions.py" line="169"/>
        <source>Export training history as CSV</source>
        <translation>Export training history as CSV</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/export_actions.py" line="170"/>
        <source>CSV table (*.csv)</source>
        <translation>CSV table (*.csv)</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/export_actions.py" line="183"/>
        <location filename="../../bpviz/ui/export_actions.py" line="196"/>
        <location filename="../../bpviz/ui/export_actions.py" line="204"/>
        <source>Export animation</source>
        <translation>Export animation</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/export_actions.py" line="184"/>
        <source>Nothing to animate yet: train a few steps first.</source>
        <translation>Nothing to animate yet: train a few steps first.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/export_actions.py" line="194"/>
        <source>GIF animation (*.gif)</source>
        <translation>GIF animation (*.gif)</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/export_actions.py" line="195"/>
        <source>APNG animation (*.png)</source>
        <translation>APNG animation (*.png)</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/export_actions.py" line="201"/>
        <source>Drawing {frames} frames…</source>
        <translation>Drawing {frames} frames…</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/export_actions.py" line="202"/>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/export_actions.py" line="222"/>
        <source>Animation export cancelled: nothing was written.</source>
        <translation>Animation export cancelled: nothing was written.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/export_actions.py" line="225"/>
        <location filename="../../bpviz/ui/export_actions.py" line="254"/>
        <source>Export failed</source>
        <translation>Export failed</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/export_actions.py" line="226"/>
        <location filename="../../bpviz/ui/export_actions.py" line="255"/>
        <source>Could not write {path}:
{error}</source>
        <translation>Could not write {path}:
{error}</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/export_actions.py" line="231"/>
        <source>Saved {path}: {frames} frames, {megabytes:.1f} MB, in {seconds:.0f} s</source>
        <translation>Saved {path}: {frames} frames, {megabytes:.1f} MB, in {seconds:.0f} s</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/export_actions.py" line="257"/>
        <source>Saved {path}</source>
        <translation>Saved {path}</translation>
    </message>
</context>
<context>
    <name>FrameDrawer</name>
    <message>
        <location filename="../../bpviz/ui/frame_drawer.py" line="156"/>
        <source>Computing… (a large network: this may take a while)</source>
        <translation>Computing… (a large network: this may take a while)</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/frame_drawer.py" line="157"/>
        <source>Computing…</source>
        <translation>Computing…</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/frame_drawer.py" line="159"/>
        <source>Approximate: refining, {percent} % of the points computed</source>
        <translation>Approximate: refining, {percent} % of the points computed</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/frame_drawer.py" line="162"/>
        <source>Approximate: refreshed a few points at a time</source>
        <translation>Approximate: refreshed a few points at a time</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/frame_drawer.py" line="163"/>
        <source>Estimated: RMS singular values from sampled rows (exact ones cost too much here)</source>
        <translation>Estimated: RMS singular values from sampled rows (exact ones cost too much here)</translation>
    </message>
</context>
<context>
    <name>GradientFlowPlot</name>
    <message>
        <location filename="../../bpviz/ui/plots/gradient_flow.py" line="325"/>
        <source>Gradient flow per layer</source>
        <extracomment>frames the data must stay well inside the axis before it shrinks (about 1.5 s at the window&apos;s 30 frames a second) seconds: value labels show new numbers at most 4 times a second (at full speed they would flicker unread) a plot&apos;s view shorter than this (pixels) shows the first/last text under the plot (where the caption was) and leaves the range note to the axis: its height is for the bars a view at least this tall keeps a band for the value label over the tallest bar</extracomment>
        <translation>Gradient flow per layer</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/gradient_flow.py" line="328"/>
        <source>Gradient flow</source>
        <translation>Gradient flow</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/gradient_flow.py" line="331"/>
        <source>Bars shrinking toward the input (left) = vanishing gradient: the first layers barely learn. Read the first/last ratio.</source>
        <translation>Bars shrinking toward the input (left) = vanishing gradient: the first layers barely learn. Read the first/last ratio.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/gradient_flow.py" line="335"/>
        <source>layer (1 = input side → output side)</source>
        <translation>layer (1 = input side → output side)</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/gradient_flow.py" line="336"/>
        <source>gradient norm (log scale)</source>
        <translation>gradient norm (log scale)</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/gradient_flow.py" line="340"/>
        <source>A: ||dL/dW||</source>
        <translation>A: ||dL/dW||</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/gradient_flow.py" line="341"/>
        <source>A: ||dL/dh||</source>
        <translation>A: ||dL/dh||</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/gradient_flow.py" line="342"/>
        <source>B: ||dL/dW||</source>
        <translation>B: ||dL/dW||</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/gradient_flow.py" line="343"/>
        <source>B: ||dL/dh||</source>
        <translation>B: ||dL/dh||</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/gradient_flow.py" line="344"/>
        <source>||dL/dW|| weights</source>
        <translation>||dL/dW|| weights</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/gradient_flow.py" line="345"/>
        <source>||dL/dh|| signal</source>
        <translation>||dL/dh|| signal</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/gradient_flow.py" line="366"/>
        <source>▼ vanishing &lt; 1e-5</source>
        <translation>▼ vanishing &lt; 1e-5</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/gradient_flow.py" line="367"/>
        <source>▲ exploding &gt; 1e+2</source>
        <translation>▲ exploding &gt; 1e+2</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/gradient_flow.py" line="540"/>
        <source>axis %1 … %2, fitted to the data</source>
        <translation>axis %1 … %2, fitted to the data</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/gradient_flow.py" line="632"/>
        <source>α = 0</source>
        <translation>α = 0</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/gradient_flow.py" line="633"/>
        <source>dead</source>
        <translation>dead</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/gradient_flow.py" line="634"/>
        <source>0</source>
        <translation>0</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/gradient_flow.py" line="368"/>
        <source>healthy</source>
        <translation>healthy</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="142"/>
        <source>first/last = %1</source>
        <translation>first/last = %1</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="169"/>
        <source>layer %1 is dead</source>
        <translation>layer %1 is dead</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="171"/>
        <source>layers %1 are dead</source>
        <translation>layers %1 are dead</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="149"/>
        <source>no ratio: the gradient is not finite (the run diverged)</source>
        <translation>no ratio: the gradient is not finite (the run diverged)</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="132"/>
        <source>block %1: branch off (ReZero α = 0)</source>
        <translation>block %1: branch off (ReZero α = 0)</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="133"/>
        <source>blocks %1: branch off (ReZero α = 0)</source>
        <translation>blocks %1: branch off (ReZero α = 0)</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="151"/>
        <location filename="../../bpviz/ui/plots/texts.py" line="161"/>
        <source>no gradient reaches layer 1: %1</source>
        <translation>no gradient reaches layer 1: %1</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="152"/>
        <source>it underflowed to 0</source>
        <translation>it underflowed to 0</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="154"/>
        <source>layer %1</source>
        <translation>layer %1</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="155"/>
        <source>the last layer</source>
        <translation>the last layer</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="156"/>
        <source>no gradient in %1</source>
        <translation>no gradient in %1</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="157"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="162"/>
        <source>no layer gets a gradient</source>
        <translation>no layer gets a gradient</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="163"/>
        <source>no layers</source>
        <translation>no layers</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/gradient_flow.py" line="536"/>
        <source>diverged at step %1 (%2)</source>
        <translation>diverged at step %1 (%2)</translation>
    </message>
</context>
<context>
    <name>GradientHeatmapPlot</name>
    <message>
        <location filename="../../bpviz/ui/plots/gradient_heatmap.py" line="211"/>
        <source>Gradient flow over time</source>
        <translation>Gradient flow over time</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/gradient_heatmap.py" line="214"/>
        <source>Flow over time</source>
        <translation>Flow over time</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/gradient_heatmap.py" line="217"/>
        <source>Dark spreading from the input layers (bottom) = vanishing gradients; the colour bar marks ▼ 1e-5 and ▲ 1e+2; lines mark your changes.</source>
        <translation>Dark spreading from the input layers (bottom) = vanishing gradients; the colour bar marks ▼ 1e-5 and ▲ 1e+2; lines mark your changes.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/gradient_heatmap.py" line="222"/>
        <source>training step</source>
        <translation>training step</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/gradient_heatmap.py" line="223"/>
        <source>layer (1 = input side, bottom)</source>
        <translation>layer (1 = input side, bottom)</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/gradient_heatmap.py" line="227"/>
        <source>||dL/dW|| (log colour scale)</source>
        <translation>||dL/dW|| (log colour scale)</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/gradient_heatmap.py" line="235"/>
        <source>A</source>
        <translation>A</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/gradient_heatmap.py" line="235"/>
        <source>B</source>
        <translation>B</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/gradient_heatmap.py" line="239"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/gradient_heatmap.py" line="257"/>
        <source>No steps recorded yet: press Train or Step.</source>
        <translation>No steps recorded yet: press Train or Step.</translation>
    </message>
</context>
<context>
    <name>GradientHistogramPlot</name>
    <message>
        <location filename="../../bpviz/ui/plots/gradient_histogram.py" line="133"/>
        <location filename="../../bpviz/ui/plots/gradient_histogram.py" line="180"/>
        <source>All layers (ridge)</source>
        <translation>All layers (ridge)</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/gradient_histogram.py" line="135"/>
        <location filename="../../bpviz/ui/plots/gradient_histogram.py" line="181"/>
        <source>Layer %1</source>
        <translation>Layer %1</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/gradient_histogram.py" line="151"/>
        <source>Gradient histogram of layer %1</source>
        <translation>Gradient histogram of layer %1</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/gradient_histogram.py" line="153"/>
        <source>Gradient histograms per layer (%1 of %2 layers shown)</source>
        <translation>Gradient histograms per layer (%1 of %2 layers shown)</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/gradient_histogram.py" line="155"/>
        <source>Gradient histograms per layer</source>
        <translation>Gradient histograms per layer</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/gradient_histogram.py" line="158"/>
        <source>Histograms</source>
        <translation>Histograms</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/gradient_histogram.py" line="161"/>
        <source>Curves that sit decades further left toward the input (layer 1) show the gradient vanishing on its way back.</source>
        <translation>Curves that sit decades further left toward the input (layer 1) show the gradient vanishing on its way back.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/gradient_histogram.py" line="165"/>
        <source>|dL/dh| of each unit and sample (log scale)</source>
        <translation>|dL/dh| of each unit and sample (log scale)</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/gradient_histogram.py" line="167"/>
        <source>layer (1 = input side)</source>
        <translation>layer (1 = input side)</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/gradient_histogram.py" line="168"/>
        <source>share of entries per half decade (%)</source>
        <translation>share of entries per half decade (%)</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/gradient_histogram.py" line="174"/>
        <source>Show:</source>
        <translation>Show:</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/gradient_histogram.py" line="175"/>
        <source>All layers stacked (a ridge), or one layer&apos;s histogram of |dL/dh|</source>
        <translation>All layers stacked (a ridge), or one layer&apos;s histogram of |dL/dh|</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/gradient_histogram.py" line="177"/>
        <source>Layer shown in the gradient histogram</source>
        <translation>Layer shown in the gradient histogram</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/gradient_histogram.py" line="183"/>
        <source>layer</source>
        <translation>layer</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/gradient_histogram.py" line="195"/>
        <source>A (colour = layer)</source>
        <translation>A (colour = layer)</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/gradient_histogram.py" line="196"/>
        <source>B (dashed)</source>
        <translation>B (dashed)</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/gradient_histogram.py" line="200"/>
        <source>A: layer %1</source>
        <translation>A: layer %1</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/gradient_histogram.py" line="201"/>
        <source>B: layer %1</source>
        <translation>B: layer %1</translation>
    </message>
</context>
<context>
    <name>JacobianPlot</name>
    <message>
        <location filename="../../bpviz/ui/plots/jacobian.py" line="153"/>
        <source>Why: the chain rule, layer by layer</source>
        <translation>Why: the chain rule, layer by layer</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/jacobian.py" line="156"/>
        <source>Why: chain rule</source>
        <translation>Why: chain rule</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/jacobian.py" line="159"/>
        <source>Factors below 1 shrink the product exponentially toward the input, factors above 1 grow it — the chain rule at work.</source>
        <translation>Factors below 1 shrink the product exponentially toward the input, factors above 1 grow it — the chain rule at work.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/jacobian.py" line="163"/>
        <source>layer (1 = input side → output side)</source>
        <translation>layer (1 = input side → output side)</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/jacobian.py" line="164"/>
        <source>factor, product</source>
        <translation>factor, product</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/jacobian.py" line="171"/>
        <source>factor</source>
        <translation>factor</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/jacobian.py" line="172"/>
        <source>product</source>
        <translation>product</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/jacobian.py" line="174"/>
        <source>factor per layer</source>
        <translation>factor per layer</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/jacobian.py" line="175"/>
        <source>product back to layer l</source>
        <translation>product back to layer l</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/jacobian.py" line="178"/>
        <source>Bars: the factor per layer, the mean singular value of the layer&apos;s Jacobian dh_l/dh_(l-1). Line: the product of these factors from the output back to layer l.</source>
        <translation>Bars: the factor per layer, the mean singular value of the layer&apos;s Jacobian dh_l/dh_(l-1). Line: the product of these factors from the output back to layer l.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/jacobian.py" line="191"/>
        <source>1 = signal preserved</source>
        <translation>1 = signal preserved</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/jacobian.py" line="325"/>
        <source>No layer Jacobians yet.</source>
        <translation>No layer Jacobians yet.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/jacobian.py" line="327"/>
        <source>They are costly, so they are computed every few frames;</source>
        <translation>They are costly, so they are computed every few frames;</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/jacobian.py" line="328"/>
        <source>press Train or Step and they appear here.</source>
        <translation>press Train or Step and they appear here.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/jacobian.py" line="349"/>
        <source>product at layer 1 = %1 (factor &lt; 1 at %2/%3 layers)</source>
        <translation>product at layer 1 = %1 (factor &lt; 1 at %2/%3 layers)</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/jacobian.py" line="352"/>
        <source>from step %1</source>
        <translation>from step %1</translation>
    </message>
</context>
<context>
    <name>LessonPanel</name>
    <message>
        <location filename="../../bpviz/ui/lesson_panel.py" line="107"/>
        <source>Choose a lesson…</source>
        <translation>Choose a lesson…</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/lesson_panel.py" line="108"/>
        <source>Each lesson is one claim of the article as an experiment: network A shows the problem, network B the remedy.</source>
        <translation>Each lesson is one claim of the article as an experiment: network A shows the problem, network B the remedy.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/lesson_panel.py" line="110"/>
        <source>Lesson</source>
        <translation>Lesson</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/lesson_panel.py" line="111"/>
        <location filename="../../bpviz/ui/lesson_panel.py" line="113"/>
        <source>Run lesson</source>
        <translation>Run lesson</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/lesson_panel.py" line="112"/>
        <source>Train networks A and B side by side.</source>
        <translation>Train networks A and B side by side.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/lesson_panel.py" line="114"/>
        <source>Lesson verdict</source>
        <translation>Lesson verdict</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/lesson_panel.py" line="146"/>
        <source>Lesson: step {step} of {steps}, then the verdict.</source>
        <translation>Lesson: step {step} of {steps}, then the verdict.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/lesson_panel.py" line="151"/>
        <source>Not checked: the settings were changed during the run, so the numbers are not the lesson&apos;s. Run lesson starts it again with its own settings.</source>
        <translation>Not checked: the settings were changed during the run, so the numbers are not the lesson&apos;s. Run lesson starts it again with its own settings.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/lesson_panel.py" line="153"/>
        <source>Not checked: both networks diverged at step {step}, before the lesson&apos;s {steps} steps.</source>
        <translation>Not checked: both networks diverged at step {step}, before the lesson&apos;s {steps} steps.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/lesson_panel.py" line="156"/>
        <source>{mark} Verdict after {steps} steps: the lesson&apos;s claim holds.</source>
        <translation>{mark} Verdict after {steps} steps: the lesson&apos;s claim holds.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/lesson_panel.py" line="158"/>
        <source>{mark} Verdict after {steps} steps: the lesson&apos;s claim does NOT hold.</source>
        <translation>{mark} Verdict after {steps} steps: the lesson&apos;s claim does NOT hold.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/lesson_panel.py" line="168"/>
        <source>The checks behind the verdict:</source>
        <translation>The checks behind the verdict:</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/lesson_panel.py" line="185"/>
        <source>{side} {value} (needs {op} {bound}) {mark}</source>
        <translation>{side} {value} (needs {op} {bound}) {mark}</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/lesson_panel.py" line="188"/>
        <source>at the start</source>
        <translation>at the start</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/lesson_panel.py" line="189"/>
        <source>after {steps} steps</source>
        <translation>after {steps} steps</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/lesson_panel.py" line="191"/>
        <source>{mark} {metric} {when}: {parts}</source>
        <translation>{mark} {metric} {when}: {parts}</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/lesson_panel.py" line="196"/>
        <source>gradient ratio first/last layer</source>
        <translation>gradient ratio first/last layer</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/lesson_panel.py" line="197"/>
        <source>signal-gradient ratio first/last layer</source>
        <translation>signal-gradient ratio first/last layer</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/lesson_panel.py" line="198"/>
        <source>gradient norm of layer 1</source>
        <translation>gradient norm of layer 1</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/lesson_panel.py" line="199"/>
        <source>gradient norm of the last layer</source>
        <translation>gradient norm of the last layer</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/lesson_panel.py" line="200"/>
        <source>largest gradient norm</source>
        <translation>largest gradient norm</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/lesson_panel.py" line="201"/>
        <source>training loss</source>
        <translation>training loss</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/lesson_panel.py" line="202"/>
        <source>test accuracy</source>
        <translation>test accuracy</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/lesson_panel.py" line="203"/>
        <source>test accuracy (mean of the last 100 steps)</source>
        <translation>test accuracy (mean of the last 100 steps)</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/lesson_panel.py" line="204"/>
        <source>training accuracy</source>
        <translation>training accuracy</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/lesson_panel.py" line="205"/>
        <source>diverged (1 = yes)</source>
        <translation>diverged (1 = yes)</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/lesson_panel.py" line="206"/>
        <source>fraction of dead ReLU units</source>
        <translation>fraction of dead ReLU units</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/lesson_panel.py" line="207"/>
        <source>fraction of units with negative input</source>
        <translation>fraction of units with negative input</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/lesson_panel.py" line="208"/>
        <source>fraction of saturated units</source>
        <translation>fraction of saturated units</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/lesson_panel.py" line="209"/>
        <source>weight norm</source>
        <translation>weight norm</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/lesson_panel.py" line="210"/>
        <source>Jacobian product at layer 1</source>
        <translation>Jacobian product at layer 1</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/lesson_panel.py" line="211"/>
        <source>Jacobian factor per layer</source>
        <translation>Jacobian factor per layer</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/lesson_panel.py" line="212"/>
        <source>Jacobian spread (largest / smallest singular value)</source>
        <translation>Jacobian spread (largest / smallest singular value)</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/lesson_panel.py" line="213"/>
        <source>predicted signal-gradient ratio</source>
        <translation>predicted signal-gradient ratio</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/lesson_panel.py" line="214"/>
        <source>measured / predicted signal-gradient ratio</source>
        <translation>measured / predicted signal-gradient ratio</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/lesson_panel.py" line="224"/>
        <source>&lt;h3&gt;Why do gradients vanish?&lt;/h3&gt;&lt;p&gt;Backprop multiplies one factor per layer. With sigmoid each factor is at most sigmoid&apos;(z) = a(1−a) ≤ 0.25, so in a deep sigmoid network (the default has 10 layers) the layers near the input get almost no gradient: the short blue bars on the left of &lt;b&gt;Gradient flow&lt;/b&gt;.&lt;/p&gt;&lt;p&gt;Press &lt;b&gt;Train&lt;/b&gt;, then switch on a remedy on the left (ReLU, residual connections, batch normalization) and watch the bars rise. Or pick a lesson above.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Why do gradients vanish?&lt;/h3&gt;&lt;p&gt;Backprop multiplies one factor per layer. With sigmoid each factor is at most sigmoid&apos;(z) = a(1−a) ≤ 0.25, so in a deep sigmoid network (the default has 10 layers) the layers near the input get almost no gradient: the short blue bars on the left of &lt;b&gt;Gradient flow&lt;/b&gt;.&lt;/p&gt;&lt;p&gt;Press &lt;b&gt;Train&lt;/b&gt;, then switch on a remedy on the left (ReLU, residual connections, batch normalization) and watch the bars rise. Or pick a lesson above.&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/lesson_panel.py" line="243"/>
        <source>What to watch:</source>
        <translation>What to watch:</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/lesson_panel.py" line="244"/>
        <source>Try this:</source>
        <translation>Try this:</translation>
    </message>
</context>
<context>
    <name>LossPlot</name>
    <message>
        <location filename="../../bpviz/ui/plots/loss.py" line="81"/>
        <source>Loss and accuracy</source>
        <translation>Loss and accuracy</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/loss.py" line="84"/>
        <source>Loss</source>
        <translation>Loss</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/loss.py" line="89"/>
        <source>A loss stuck near ln 2 = 0.69 and accuracy near 50 % means the early layers are not learning: look at the gradient plots.</source>
        <translation>A loss stuck near ln 2 = 0.69 and accuracy near 50 % means the early layers are not learning: look at the gradient plots.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/loss.py" line="92"/>
        <source>A loss stuck near ln %1 = %2 and accuracy near %3 % (a guess among %1 classes) means the early layers are not learning: look at the gradient plots.</source>
        <translation>A loss stuck near ln %1 = %2 and accuracy near %3 % (a guess among %1 classes) means the early layers are not learning: look at the gradient plots.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/loss.py" line="98"/>
        <source>training step</source>
        <translation>training step</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/loss.py" line="98"/>
        <source>train loss (nats)</source>
        <translation>train loss (nats)</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/loss.py" line="101"/>
        <source>accuracy (%)</source>
        <translation>accuracy (%)</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/loss.py" line="104"/>
        <source>train loss</source>
        <translation>train loss</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/loss.py" line="104"/>
        <source>train accuracy</source>
        <translation>train accuracy</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/loss.py" line="105"/>
        <source>test accuracy</source>
        <translation>test accuracy</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/loss.py" line="121"/>
        <source>A: %1</source>
        <translation>A: %1</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/loss.py" line="126"/>
        <source>B: %1</source>
        <translation>B: %1</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../bpviz/ui/main_window.py" line="229"/>
        <source>Network builder</source>
        <translation>Network builder</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/main_window.py" line="230"/>
        <source>Lesson</source>
        <translation>Lesson</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/main_window.py" line="259"/>
        <source>bpviz — backprop gradient lab</source>
        <translation>bpviz — backprop gradient lab</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/main_window.py" line="262"/>
        <source>Deep sigmoid on spirals</source>
        <translation>Deep sigmoid on spirals</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/main_window.py" line="263"/>
        <source>bpviz — {name}</source>
        <translation>bpviz — {name}</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/main_window.py" line="356"/>
        <source>Lesson loaded: press Run lesson (or Space) to train A and B.</source>
        <translation>Lesson loaded: press Run lesson (or Space) to train A and B.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/main_window.py" line="499"/>
        <source>Training diverged: press Reset (R) to start again.</source>
        <translation>Training diverged: press Reset (R) to start again.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/main_window.py" line="533"/>
        <source>Cannot load lesson</source>
        <translation>Cannot load lesson</translation>
    </message>
</context>
<context>
    <name>NetworkDiagramPlot</name>
    <message>
        <location filename="../../bpviz/ui/plots/network_diagram.py" line="297"/>
        <source>Backward pass through the network</source>
        <translation>Backward pass through the network</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/network_diagram.py" line="300"/>
        <source>Network</source>
        <translation>Network</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/network_diagram.py" line="303"/>
        <source>The pulse carries the gradient from the output back to the input: thin, faint lines near the input = vanishing gradient.</source>
        <translation>The pulse carries the gradient from the output back to the input: thin, faint lines near the input = vanishing gradient.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/network_diagram.py" line="314"/>
        <source>||dL/dW|| &lt; 1e-5: vanishing</source>
        <translation>||dL/dW|| &lt; 1e-5: vanishing</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/network_diagram.py" line="315"/>
        <source>healthy</source>
        <translation>healthy</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/network_diagram.py" line="316"/>
        <source>&gt; 1e+2: exploding</source>
        <translation>&gt; 1e+2: exploding</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/network_diagram.py" line="322"/>
        <source>◀ gradient flows backward: output → input</source>
        <translation>◀ gradient flows backward: output → input</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/network_diagram.py" line="474"/>
        <source>input</source>
        <translation>input</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/network_diagram.py" line="475"/>
        <source>output</source>
        <translation>output</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/network_diagram.py" line="480"/>
        <source>showing %1 of %2 hidden layers, evenly spaced</source>
        <translation>showing %1 of %2 hidden layers, evenly spaced</translation>
    </message>
</context>
<context>
    <name>PhaseDiagramPlot</name>
    <message>
        <location filename="../../bpviz/ui/plots/phase_diagram.py" line="67"/>
        <source>sigmoid</source>
        <extracomment>colour levels in log10 chi1: saturated at chi1 = 1/2 (blue) and 2 (orange): halving or doubling the squared gradient per layer is a factor 2^(D/2) over D layers, hopeless at any depth a student builds the map&apos;s rectangle in (sigma_w2, sigma_b2): each grid point at the centre of its pixel the view shows this much more on every side, so a marker on the map&apos;s edge (biases 0) is seen whole</extracomment>
        <translation>sigmoid</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/phase_diagram.py" line="67"/>
        <source>tanh</source>
        <translation>tanh</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/phase_diagram.py" line="68"/>
        <source>ReLU</source>
        <translation>ReLU</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/phase_diagram.py" line="68"/>
        <source>Leaky ReLU</source>
        <translation>Leaky ReLU</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/phase_diagram.py" line="69"/>
        <source>PReLU</source>
        <translation>PReLU</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/phase_diagram.py" line="69"/>
        <source>ELU</source>
        <translation>ELU</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/phase_diagram.py" line="70"/>
        <source>GELU</source>
        <translation>GELU</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/phase_diagram.py" line="77"/>
        <source>batch norm</source>
        <translation>batch norm</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/phase_diagram.py" line="78"/>
        <source>layer norm</source>
        <translation>layer norm</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/phase_diagram.py" line="79"/>
        <source>residual connections</source>
        <translation>residual connections</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/phase_diagram.py" line="314"/>
        <source>Phase diagram: χ₁ per layer</source>
        <extracomment>(sigma_w2, sigma_b2) the user clicked (snapped): the window gives network A that point</extracomment>
        <translation>Phase diagram: χ₁ per layer</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/phase_diagram.py" line="317"/>
        <source>Phase diagram</source>
        <translation>Phase diagram</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/phase_diagram.py" line="320"/>
        <source>Before training: blue = gradients vanish (χ₁ &lt; 1), orange = they explode (χ₁ &gt; 1), the line is the edge of chaos χ₁ = 1. Click a point to give network A its σ_w² and σ_b² (init gain and bias std: the network is rebuilt).</source>
        <translation>Before training: blue = gradients vanish (χ₁ &lt; 1), orange = they explode (χ₁ &gt; 1), the line is the edge of chaos χ₁ = 1. Click a point to give network A its σ_w² and σ_b² (init gain and bias std: the network is rebuilt).</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/phase_diagram.py" line="326"/>
        <source>weight variance σ_w² = fan_in · Var(W)</source>
        <translation>weight variance σ_w² = fan_in · Var(W)</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/phase_diagram.py" line="327"/>
        <source>bias variance σ_b²</source>
        <translation>bias variance σ_b²</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/phase_diagram.py" line="344"/>
        <source>χ₁ of %1 (log scale)</source>
        <translation>χ₁ of %1 (log scale)</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/phase_diagram.py" line="345"/>
        <source>χ₁ (log scale)</source>
        <translation>χ₁ (log scale)</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/phase_diagram.py" line="350"/>
        <source>vanishing</source>
        <translation>vanishing</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/phase_diagram.py" line="351"/>
        <source>(ordered)</source>
        <translation>(ordered)</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/phase_diagram.py" line="352"/>
        <source>exploding</source>
        <translation>exploding</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/phase_diagram.py" line="353"/>
        <source>(chaotic)</source>
        <translation>(chaotic)</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/phase_diagram.py" line="354"/>
        <source>χ₁ = 1:</source>
        <translation>χ₁ = 1:</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/phase_diagram.py" line="355"/>
        <source>edge of chaos</source>
        <translation>edge of chaos</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/phase_diagram.py" line="398"/>
        <source>A has %1: this map is for plain networks, its χ₁ does not apply to A</source>
        <translation>A has %1: this map is for plain networks, its χ₁ does not apply to A</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/phase_diagram.py" line="407"/>
        <source>B uses %1: its point is on the map of %1</source>
        <translation>B uses %1: its point is on the map of %1</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/phase_diagram.py" line="443"/>
        <source>%1: the edge of chaos lies at σ_w² ≈ %2, far right of this map: every point here is ordered (gradients vanish).</source>
        <translation>%1: the edge of chaos lies at σ_w² ≈ %2, far right of this map: every point here is ordered (gradients vanish).</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/phase_diagram.py" line="520"/>
        <source>%1: χ₁ measured %2</source>
        <translation>%1: χ₁ measured %2</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/phase_diagram.py" line="523"/>
        <source>%1: χ₁ = %2, measured %3</source>
        <translation>%1: χ₁ = %2, measured %3</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/phase_diagram.py" line="532"/>
        <source>off the map: %1</source>
        <translation>off the map: %1</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/phase_diagram.py" line="581"/>
        <source>σ_w² = %1, σ_b² = %2</source>
        <translation>σ_w² = %1, σ_b² = %2</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/phase_diagram.py" line="583"/>
        <source>χ₁ = %1 per layer, depth scale ξ = %2 layers</source>
        <translation>χ₁ = %1 per layer, depth scale ξ = %2 layers</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/phase_diagram.py" line="585"/>
        <source>a depth-%1 network keeps a first/last gradient ratio of about χ₁^(%1/2) ≈ %2</source>
        <translation>a depth-%1 network keeps a first/last gradient ratio of about χ₁^(%1/2) ≈ %2</translation>
    </message>
</context>
<context>
    <name>PlotPanel</name>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="81"/>
        <source>sigmoid</source>
        <translation>sigmoid</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="81"/>
        <source>tanh</source>
        <translation>tanh</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="82"/>
        <source>ReLU</source>
        <translation>ReLU</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="82"/>
        <source>Leaky ReLU</source>
        <translation>Leaky ReLU</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="83"/>
        <source>PReLU</source>
        <translation>PReLU</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="83"/>
        <source>ELU</source>
        <translation>ELU</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="84"/>
        <source>GELU</source>
        <translation>GELU</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="91"/>
        <source>SGD</source>
        <translation>SGD</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="91"/>
        <source>SGD + momentum</source>
        <translation>SGD + momentum</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="92"/>
        <source>Adam</source>
        <translation>Adam</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="101"/>
        <source>hidden layer %1</source>
        <translation>hidden layer %1</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="102"/>
        <source>output layer</source>
        <translation>output layer</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="102"/>
        <location filename="../../bpviz/ui/plots/texts.py" line="109"/>
        <source>loss</source>
        <translation>loss</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="108"/>
        <source>activation</source>
        <translation>activation</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="110"/>
        <source>weight</source>
        <translation>weight</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="111"/>
        <source>weight gradient</source>
        <translation>weight gradient</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="112"/>
        <source>bias gradient</source>
        <translation>bias gradient</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="113"/>
        <source>signal gradient</source>
        <translation>signal gradient</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="114"/>
        <source>gradient</source>
        <translation>gradient</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="115"/>
        <source>gradient norm</source>
        <translation>gradient norm</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="180"/>
        <source>stopped at step %1 (diverged)</source>
        <translation>stopped at step %1 (diverged)</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="186"/>
        <source>%1 on</source>
        <translation>%1 on</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="186"/>
        <source>%1 off</source>
        <translation>%1 off</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="191"/>
        <location filename="../../bpviz/ui/plots/texts.py" line="192"/>
        <source>%1 layers</source>
        <translation>%1 layers</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="196"/>
        <source>residual</source>
        <translation>residual</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="197"/>
        <source>batch norm</source>
        <translation>batch norm</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="203"/>
        <source>no clipping</source>
        <translation>no clipping</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="204"/>
        <source>clip %1</source>
        <translation>clip %1</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="206"/>
        <location filename="../../bpviz/ui/plots/texts.py" line="207"/>
        <source>lr %1</source>
        <translation>lr %1</translation>
    </message>
</context>
<context>
    <name>PredictionOverlay</name>
    <message>
        <location filename="../../bpviz/ui/plots/prediction.py" line="49"/>
        <source>batch normalization rescales every layer to unit variance, which replaces the variance recursion</source>
        <extracomment>dash patterns (in pen widths): A&apos;s prediction in long dashes, B&apos;s in dash-dot, both unlike the measured lines</extracomment>
        <translation>batch normalization rescales every layer to unit variance, which replaces the variance recursion</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/prediction.py" line="51"/>
        <source>layer normalization rescales every example to unit variance, which replaces the variance recursion</source>
        <translation>layer normalization rescales every example to unit variance, which replaces the variance recursion</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/prediction.py" line="53"/>
        <source>residual connections add an identity path, so the gradient is not a product of plain layer factors</source>
        <translation>residual connections add an identity path, so the gradient is not a product of plain layer factors</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/prediction.py" line="62"/>
        <source>batch norm</source>
        <translation>batch norm</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/prediction.py" line="63"/>
        <source>layer norm</source>
        <translation>layer norm</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/prediction.py" line="64"/>
        <source>residual connections</source>
        <translation>residual connections</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/prediction.py" line="234"/>
        <source>Show mean-field prediction</source>
        <translation>Show mean-field prediction</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/prediction.py" line="235"/>
        <source>Draw the ||dL/dh|| per layer that mean-field theory predicts for the untrained network, over the measured line.</source>
        <translation>Draw the ||dL/dh|| per layer that mean-field theory predicts for the untrained network, over the measured line.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/prediction.py" line="242"/>
        <source>A: ||dL/dh|| predicted</source>
        <translation>A: ||dL/dh|| predicted</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/prediction.py" line="243"/>
        <source>B: ||dL/dh|| predicted</source>
        <translation>B: ||dL/dh|| predicted</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/prediction.py" line="244"/>
        <source>||dL/dh|| predicted at init</source>
        <translation>||dL/dh|| predicted at init</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/prediction.py" line="375"/>
        <source>no prediction:</source>
        <translation>no prediction:</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/prediction.py" line="378"/>
        <source>no mean-field prediction: %1</source>
        <translation>no mean-field prediction: %1</translation>
    </message>
</context>
<context>
    <name>RecurrentSection</name>
    <message>
        <location filename="../../bpviz/ui/recurrent_builder.py" line="145"/>
        <location filename="../../bpviz/ui/recurrent_builder.py" line="148"/>
        <source>Model</source>
        <extracomment>the λ₁ slider: 0.10 ... 3.00 in steps of 0.05 (the config allows more; typed values outside are kept) feed-forward settings that do nothing for a recurrent model: the builder hides their controls</extracomment>
        <translation>Model</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/recurrent_builder.py" line="146"/>
        <source>Recurrent network</source>
        <translation>Recurrent network</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/recurrent_builder.py" line="149"/>
        <source>Cell</source>
        <translation>Cell</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/recurrent_builder.py" line="150"/>
        <source>Hidden size H</source>
        <translation>Hidden size H</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/recurrent_builder.py" line="151"/>
        <source>Sequence length T</source>
        <translation>Sequence length T</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/recurrent_builder.py" line="152"/>
        <source>Task</source>
        <translation>Task</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/recurrent_builder.py" line="153"/>
        <source>Symbols</source>
        <translation>Symbols</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/recurrent_builder.py" line="154"/>
        <source>Initialization</source>
        <translation>Initialization</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/recurrent_builder.py" line="155"/>
        <source>λ₁ of W_hh</source>
        <translation>λ₁ of W_hh</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/recurrent_builder.py" line="156"/>
        <source>Forget-gate bias</source>
        <translation>Forget-gate bias</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/recurrent_builder.py" line="161"/>
        <source>feed-forward (layers)</source>
        <translation>feed-forward (layers)</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/recurrent_builder.py" line="162"/>
        <source>recurrent (time steps)</source>
        <translation>recurrent (time steps)</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/recurrent_builder.py" line="163"/>
        <source>vanilla RNN (tanh)</source>
        <translation>vanilla RNN (tanh)</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/recurrent_builder.py" line="163"/>
        <source>vanilla RNN (ReLU)</source>
        <translation>vanilla RNN (ReLU)</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/recurrent_builder.py" line="164"/>
        <source>LSTM</source>
        <translation>LSTM</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/recurrent_builder.py" line="164"/>
        <source>GRU</source>
        <translation>GRU</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/recurrent_builder.py" line="165"/>
        <source>remember the first symbol</source>
        <translation>remember the first symbol</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/recurrent_builder.py" line="166"/>
        <source>adding problem</source>
        <translation>adding problem</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/recurrent_builder.py" line="167"/>
        <source>PyTorch default U(±1/√H)</source>
        <translation>PyTorch default U(±1/√H)</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/recurrent_builder.py" line="168"/>
        <source>orthogonal W_hh</source>
        <translation>orthogonal W_hh</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/recurrent_builder.py" line="169"/>
        <source>Set λ₁ (spectral radius of W_hh)</source>
        <translation>Set λ₁ (spectral radius of W_hh)</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/recurrent_builder.py" line="170"/>
        <location filename="../../bpviz/ui/recurrent_builder.py" line="208"/>
        <source>Set the forget-gate bias</source>
        <translation>Set the forget-gate bias</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/recurrent_builder.py" line="173"/>
        <source>Feed-forward: the gradient travels back through stacked layers. Recurrent: one layer applied at every time step, so the gradient travels back through time (backpropagation through time).</source>
        <translation>Feed-forward: the gradient travels back through stacked layers. Recurrent: one layer applied at every time step, so the gradient travels back through time (backpropagation through time).</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/recurrent_builder.py" line="176"/>
        <source>Vanilla RNN: h_t = tanh(W_ih x_t + W_hh h_(t-1) + b). LSTM and GRU add gates; the LSTM&apos;s cell c_t = f·c_(t-1) + i·g passes the gradient back multiplied only by the forget gate f.</source>
        <translation>Vanilla RNN: h_t = tanh(W_ih x_t + W_hh h_(t-1) + b). LSTM and GRU add gates; the LSTM&apos;s cell c_t = f·c_(t-1) + i·g passes the gradient back multiplied only by the forget gate f.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/recurrent_builder.py" line="178"/>
        <source>H, the number of units of the hidden state h_t.</source>
        <translation>H, the number of units of the hidden state h_t.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/recurrent_builder.py" line="180"/>
        <source>T, the number of time steps: the gradient that teaches step 1 is a product of T - 1 factors.</source>
        <translation>T, the number of time steps: the gradient that teaches step 1 is a product of T - 1 factors.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/recurrent_builder.py" line="182"/>
        <source>Remember the first symbol: the class is the first of T symbols, the rest are noise. Adding problem: is the sum of the two marked numbers above 1?</source>
        <translation>Remember the first symbol: the class is the first of T symbols, the rest are noise. Adding problem: is the sum of the two marked numbers above 1?</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/recurrent_builder.py" line="184"/>
        <source>How many different symbols (and classes) the first-symbol task has.</source>
        <translation>How many different symbols (and classes) the first-symbol task has.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/recurrent_builder.py" line="186"/>
        <source>PyTorch&apos;s default draws every weight from U(±1/√H); orthogonal makes each block of W_hh an orthogonal matrix (every singular value 1).</source>
        <translation>PyTorch&apos;s default draws every weight from U(±1/√H); orthogonal makes each block of W_hh an orthogonal matrix (every singular value 1).</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/recurrent_builder.py" line="189"/>
        <source>Rescales W_hh so that its largest |eigenvalue| is λ₁. Through time the gradient shrinks or grows by about λ₁·γ per step (γ: the mean tanh&apos;): below 1 it vanishes, well above 1 it explodes. Live: moving it while training rescales the current W_hh.</source>
        <translation>Rescales W_hh so that its largest |eigenvalue| is λ₁. Through time the gradient shrinks or grows by about λ₁·γ per step (γ: the mean tanh&apos;): below 1 it vanishes, well above 1 it explodes. Live: moving it while training rescales the current W_hh.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/recurrent_builder.py" line="193"/>
        <source>Starts the LSTM&apos;s forget gate (the GRU&apos;s update gate) at this bias: 1.0 (Jozefowicz et al. 2015) gives f ≈ 0.73, 4.0 gives f ≈ 0.98, so the cell keeps its content and its gradient.</source>
        <translation>Starts the LSTM&apos;s forget gate (the GRU&apos;s update gate) at this bias: 1.0 (Jozefowicz et al. 2015) gives f ≈ 0.73, 4.0 gives f ≈ 0.98, so the cell keeps its content and its gradient.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/recurrent_builder.py" line="196"/>
        <source>Changing it rebuilds the network (new weights, step 0).</source>
        <translation>Changing it rebuilds the network (new weights, step 0).</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/recurrent_builder.py" line="206"/>
        <source>Set λ₁</source>
        <translation>Set λ₁</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/recurrent_builder.py" line="291"/>
        <source>off</source>
        <translation>off</translation>
    </message>
</context>
<context>
    <name>RecurrentView</name>
    <message>
        <location filename="../../bpviz/ui/plots/recurrent.py" line="57"/>
        <source>The inputs are sequences, not points of a plane: there is no boundary to draw.</source>
        <extracomment>plots that draw a recurrent history with their own code</extracomment>
        <translation>The inputs are sequences, not points of a plane: there is no boundary to draw.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/recurrent.py" line="59"/>
        <source>One recurrent layer is applied T times: the diagram of stacked layers does not apply. The gradient-flow plot shows the gradient at every time step instead.</source>
        <translation>One recurrent layer is applied T times: the diagram of stacked layers does not apply. The gradient-flow plot shows the gradient at every time step instead.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/recurrent.py" line="62"/>
        <source>The layer Jacobians are those of stacked layers. Through time, the factor per step is about λ₁·γ: compare ‖dL/dh_t‖ of neighbouring steps in the gradient-flow plot.</source>
        <translation>The layer Jacobians are those of stacked layers. Through time, the factor per step is about λ₁·γ: compare ‖dL/dh_t‖ of neighbouring steps in the gradient-flow plot.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/recurrent.py" line="65"/>
        <source>The phase diagram is the mean-field theory of deep feed-forward networks at initialization.</source>
        <translation>The phase diagram is the mean-field theory of deep feed-forward networks at initialization.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/recurrent.py" line="69"/>
        <source>Not for recurrent networks</source>
        <translation>Not for recurrent networks</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/recurrent.py" line="181"/>
        <source>Gradient through time ‖dL/dh_t‖</source>
        <translation>Gradient through time ‖dL/dh_t‖</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/recurrent.py" line="182"/>
        <source>The loss reads the last hidden state h_T (right); what reaches t = 1 (left) is what can teach the network to remember its first input. A straight falling line on this log axis is a gradient shrinking by the same factor every step: about λ₁·γ for a vanilla RNN.</source>
        <translation>The loss reads the last hidden state h_T (right); what reaches t = 1 (left) is what can teach the network to remember its first input. A straight falling line on this log axis is a gradient shrinking by the same factor every step: about λ₁·γ for a vanilla RNN.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/recurrent.py" line="186"/>
        <source>time step t (input side left)</source>
        <translation>time step t (input side left)</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/recurrent.py" line="187"/>
        <source>‖dL/dh_t‖</source>
        <translation>‖dL/dh_t‖</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/recurrent.py" line="189"/>
        <source>Gradient through time, over training</source>
        <translation>Gradient through time, over training</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/recurrent.py" line="190"/>
        <source>Colour: log10 ‖dL/dh_t‖ per time step (up) and training step (right). Dark at the bottom means the early time steps never receive a gradient: the network forgets them.</source>
        <translation>Colour: log10 ‖dL/dh_t‖ per time step (up) and training step (right). Dark at the bottom means the early time steps never receive a gradient: the network forgets them.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/recurrent.py" line="193"/>
        <location filename="../../bpviz/ui/plots/recurrent.py" line="200"/>
        <source>training step</source>
        <translation>training step</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/recurrent.py" line="194"/>
        <location filename="../../bpviz/ui/plots/recurrent.py" line="207"/>
        <location filename="../../bpviz/ui/plots/recurrent.py" line="214"/>
        <source>time step t</source>
        <translation>time step t</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/recurrent.py" line="196"/>
        <source>Update ratio (recurrent)</source>
        <translation>Update ratio (recurrent)</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/recurrent.py" line="197"/>
        <source>std(update)/std(W) of the input weights W_ih, the recurrent weights W_hh and the head; about 1e-3 (dashed) is healthy.</source>
        <translation>std(update)/std(W) of the input weights W_ih, the recurrent weights W_hh and the head; about 1e-3 (dashed) is healthy.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/recurrent.py" line="201"/>
        <source>update ÷ weight</source>
        <translation>update ÷ weight</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/recurrent.py" line="203"/>
        <source>Hidden states per time step</source>
        <translation>Hidden states per time step</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/recurrent.py" line="204"/>
        <source>Colour: the share of the hidden values h_t in each bin, per time step. Values piled at ±1 are saturated tanh units, whose derivative is near 0.</source>
        <translation>Colour: the share of the hidden values h_t in each bin, per time step. Values piled at ±1 are saturated tanh units, whose derivative is near 0.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/recurrent.py" line="208"/>
        <source>h_t</source>
        <translation>h_t</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/recurrent.py" line="210"/>
        <source>Gradient histograms per time step</source>
        <translation>Gradient histograms per time step</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/recurrent.py" line="211"/>
        <source>Colour: the share of the entries of dL/dh_t in each decade, per time step: the whole distribution slides down towards t = 1 when the gradient vanishes.</source>
        <translation>Colour: the share of the entries of dL/dh_t in each decade, per time step: the whole distribution slides down towards t = 1 when the gradient vanishes.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/recurrent.py" line="215"/>
        <source>log10 |dL/dh_t|</source>
        <translation>log10 |dL/dh_t|</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/recurrent.py" line="216"/>
        <source>This plot is for feed-forward networks.</source>
        <translation>This plot is for feed-forward networks.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/recurrent.py" line="262"/>
        <source>W_ih (input)</source>
        <translation>W_ih (input)</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/recurrent.py" line="262"/>
        <source>W_hh (recurrent)</source>
        <translation>W_hh (recurrent)</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/recurrent.py" line="263"/>
        <source>head</source>
        <translation>head</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/recurrent.py" line="305"/>
        <source>‖dL/dh_1‖ ÷ ‖dL/dh_T‖ = {ratio}</source>
        <translation>‖dL/dh_1‖ ÷ ‖dL/dh_T‖ = {ratio}</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/recurrent.py" line="308"/>
        <source>‖dL/dh_1‖ ÷ ‖dL/dh_T‖
A (solid): {a}
B (dashed): {b}</source>
        <translation>‖dL/dh_1‖ ÷ ‖dL/dh_T‖
A (solid): {a}
B (dashed): {b}</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/recurrent.py" line="321"/>
        <source>Train a few steps:
each column is one training step.</source>
        <translation>Train a few steps:
each column is one training step.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/recurrent.py" line="372"/>
        <source>computing…</source>
        <translation>computing…</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <location filename="../../bpviz/ui/dialogs.py" line="101"/>
        <source>Right arrow</source>
        <translation>Right arrow</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/dialogs.py" line="101"/>
        <source>Left arrow</source>
        <translation>Left arrow</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/dialogs.py" line="102"/>
        <source>Up arrow</source>
        <translation>Up arrow</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/dialogs.py" line="102"/>
        <source>Down arrow</source>
        <translation>Down arrow</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/dialogs.py" line="103"/>
        <source>Space</source>
        <translation>Space</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/dialogs.py" line="146"/>
        <source>Keyboard shortcuts</source>
        <translation>Keyboard shortcuts</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/dialogs.py" line="147"/>
        <source>Keys</source>
        <translation>Keys</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/dialogs.py" line="147"/>
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/dialogs.py" line="157"/>
        <source>Space, Right and R do not fire while you type in a field.</source>
        <translation>Space, Right and R do not fire while you type in a field.</translation>
    </message>
</context>
<context>
    <name>TrainingShortcuts</name>
    <message>
        <location filename="../../bpviz/ui/shortcuts.py" line="63"/>
        <source>Train / pause</source>
        <translation>Train / pause</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/shortcuts.py" line="63"/>
        <source>One training step</source>
        <translation>One training step</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/shortcuts.py" line="64"/>
        <source>Reset: new weights, step 0</source>
        <translation>Reset: new weights, step 0</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/shortcuts.py" line="65"/>
        <source>Presentation mode: the next plot</source>
        <translation>Presentation mode: the next plot</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/shortcuts.py" line="66"/>
        <source>Presentation mode: the previous plot</source>
        <translation>Presentation mode: the previous plot</translation>
    </message>
</context>
<context>
    <name>TrainingToolBar</name>
    <message>
        <location filename="../../bpviz/ui/toolbar.py" line="134"/>
        <location filename="../../bpviz/ui/toolbar.py" line="174"/>
        <source>Pause</source>
        <translation>Pause</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/toolbar.py" line="134"/>
        <location filename="../../bpviz/ui/toolbar.py" line="174"/>
        <source>Train</source>
        <translation>Train</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/toolbar.py" line="135"/>
        <source>Train or pause (Space): steps run in a background thread while the plots update about 30 times a second.</source>
        <translation>Train or pause (Space): steps run in a background thread while the plots update about 30 times a second.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/toolbar.py" line="137"/>
        <source>Train or pause</source>
        <translation>Train or pause</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/toolbar.py" line="138"/>
        <source>Step</source>
        <translation>Step</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/toolbar.py" line="139"/>
        <source>Exactly one training step (Right arrow); pauses training first.</source>
        <translation>Exactly one training step (Right arrow); pauses training first.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/toolbar.py" line="140"/>
        <source>One step</source>
        <translation>One step</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/toolbar.py" line="141"/>
        <location filename="../../bpviz/ui/toolbar.py" line="143"/>
        <source>Reset</source>
        <translation>Reset</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/toolbar.py" line="142"/>
        <source>New weights from the seed, back to step 0 (R).</source>
        <translation>New weights from the seed, back to step 0 (R).</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/toolbar.py" line="144"/>
        <source>Export</source>
        <translation>Export</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/toolbar.py" line="145"/>
        <source>Save the whole dashboard as a PNG image, for slides.</source>
        <translation>Save the whole dashboard as a PNG image, for slides.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/toolbar.py" line="146"/>
        <source>Export dashboard as PNG</source>
        <translation>Export dashboard as PNG</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/toolbar.py" line="147"/>
        <source>Speed</source>
        <translation>Speed</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/toolbar.py" line="148"/>
        <source>Training speed: from slow motion (1 step per second) to full speed.</source>
        <translation>Training speed: from slow motion (1 step per second) to full speed.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/toolbar.py" line="150"/>
        <location filename="../../bpviz/ui/toolbar.py" line="151"/>
        <source>Training speed</source>
        <translation>Training speed</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/toolbar.py" line="152"/>
        <source>Training steps taken since the last reset.</source>
        <translation>Training steps taken since the last reset.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/toolbar.py" line="153"/>
        <source>Step counter</source>
        <translation>Step counter</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/toolbar.py" line="154"/>
        <source>Training loss (mean cross-entropy) of the last step.</source>
        <translation>Training loss (mean cross-entropy) of the last step.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/toolbar.py" line="155"/>
        <source>Loss</source>
        <translation>Loss</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/toolbar.py" line="156"/>
        <source>Accuracy on the held-out test points.</source>
        <translation>Accuracy on the held-out test points.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/toolbar.py" line="157"/>
        <source>Test accuracy</source>
        <translation>Test accuracy</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/toolbar.py" line="158"/>
        <source>Training steps per second right now.</source>
        <translation>Training steps per second right now.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/toolbar.py" line="159"/>
        <source>Steps per second</source>
        <translation>Steps per second</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/toolbar.py" line="114"/>
        <location filename="../../bpviz/ui/toolbar.py" line="192"/>
        <source>full speed</source>
        <translation>full speed</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/toolbar.py" line="114"/>
        <location filename="../../bpviz/ui/toolbar.py" line="194"/>
        <source>1 step/s</source>
        <translation>1 step/s</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/toolbar.py" line="114"/>
        <location filename="../../bpviz/ui/toolbar.py" line="196"/>
        <source>{n} steps/s</source>
        <translation>{n} steps/s</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/toolbar.py" line="207"/>
        <source>diverged</source>
        <translation>diverged</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/toolbar.py" line="223"/>
        <source>{n} steps/s (lesson start)</source>
        <translation>{n} steps/s (lesson start)</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/toolbar.py" line="108"/>
        <location filename="../../bpviz/ui/toolbar.py" line="233"/>
        <location filename="../../bpviz/ui/toolbar.py" line="237"/>
        <source>Step {step}</source>
        <translation>Step {step}</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/toolbar.py" line="107"/>
        <location filename="../../bpviz/ui/toolbar.py" line="238"/>
        <source>{name} {step}</source>
        <translation>{name} {step}</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/toolbar.py" line="102"/>
        <location filename="../../bpviz/ui/toolbar.py" line="209"/>
        <source>Loss A {a} · B {b}</source>
        <translation>Loss A {a} · B {b}</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/toolbar.py" line="103"/>
        <location filename="../../bpviz/ui/toolbar.py" line="210"/>
        <source>Test acc. A {a} · B {b}</source>
        <translation>Test acc. A {a} · B {b}</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/toolbar.py" line="105"/>
        <location filename="../../bpviz/ui/toolbar.py" line="213"/>
        <source>Loss {value}</source>
        <translation>Loss {value}</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/toolbar.py" line="106"/>
        <location filename="../../bpviz/ui/toolbar.py" line="214"/>
        <source>Test acc. {value}</source>
        <translation>Test acc. {value}</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/toolbar.py" line="109"/>
        <location filename="../../bpviz/ui/toolbar.py" line="215"/>
        <source>{rate} steps/s</source>
        <translation>{rate} steps/s</translation>
    </message>
</context>
<context>
    <name>UpdateRatioPlot</name>
    <message>
        <location filename="../../bpviz/ui/plots/update_ratio.py" line="91"/>
        <source>Update-to-data ratio per layer (%1 of %2 layers shown)</source>
        <translation>Update-to-data ratio per layer (%1 of %2 layers shown)</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/update_ratio.py" line="93"/>
        <source>Update-to-data ratio per layer</source>
        <translation>Update-to-data ratio per layer</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/update_ratio.py" line="96"/>
        <source>Update ratio</source>
        <translation>Update ratio</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/update_ratio.py" line="99"/>
        <source>Healthy layers change their weights by ~1e-3 of their size per step; lines far below it are layers that have stopped learning.</source>
        <translation>Healthy layers change their weights by ~1e-3 of their size per step; lines far below it are layers that have stopped learning.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/update_ratio.py" line="103"/>
        <source>training step</source>
        <translation>training step</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/update_ratio.py" line="104"/>
        <source>std(lr · update) / std(W) (log scale)</source>
        <translation>std(lr · update) / std(W) (log scale)</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/update_ratio.py" line="107"/>
        <source>1e-3: healthy (Karpathy)</source>
        <translation>1e-3: healthy (Karpathy)</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/update_ratio.py" line="114"/>
        <source>layer</source>
        <translation>layer</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/update_ratio.py" line="123"/>
        <source>layer %1 (input side)</source>
        <translation>layer %1 (input side)</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/update_ratio.py" line="126"/>
        <source>layer %1 (output side)</source>
        <translation>layer %1 (output side)</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/update_ratio.py" line="130"/>
        <source>A: mean over layers</source>
        <translation>A: mean over layers</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/update_ratio.py" line="131"/>
        <source>B: mean over layers</source>
        <translation>B: mean over layers</translation>
    </message>
</context>
<context>
    <name>WindowMenus</name>
    <message>
        <location filename="../../bpviz/ui/menus.py" line="72"/>
        <source>&amp;File</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/menus.py" line="73"/>
        <source>&amp;Quit</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/menus.py" line="74"/>
        <source>&amp;View</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/menus.py" line="75"/>
        <source>Reset layout</source>
        <translation>Reset layout</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/menus.py" line="76"/>
        <source>&amp;Help</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/menus.py" line="77"/>
        <source>Keyboard shortcuts</source>
        <translation>Keyboard shortcuts</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/menus.py" line="78"/>
        <source>About bpviz</source>
        <translation>About bpviz</translation>
    </message>
</context>
<context>
    <name>WorkerController</name>
    <message>
        <location filename="../../bpviz/ui/worker_controller.py" line="94"/>
        <source>A setting</source>
        <translation>A setting</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/worker_controller.py" line="95"/>
        <source>{fields} changed: the network was rebuilt (new weights, step 0).</source>
        <translation>{fields} changed: the network was rebuilt (new weights, step 0).</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/worker_controller.py" line="99"/>
        <source>Network {name} diverged at step {step} and stopped; {other} trains on.</source>
        <translation>Network {name} diverged at step {step} and stopped; {other} trains on.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/worker_controller.py" line="102"/>
        <source>The lesson has finished: its verdict is in the lesson panel. Train goes on beyond it; Run lesson starts it again.</source>
        <translation>The lesson has finished: its verdict is in the lesson panel. Train goes on beyond it; Run lesson starts it again.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/worker_controller.py" line="105"/>
        <source>Network {name} diverged at step {step}: training paused.</source>
        <translation>Network {name} diverged at step {step}: training paused.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/worker_controller.py" line="109"/>
        <source>Compare mode on: A and B restart at step 0 and train in lockstep.</source>
        <translation>Compare mode on: A and B restart at step 0 and train in lockstep.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/worker_controller.py" line="110"/>
        <source>Compare mode off.</source>
        <translation>Compare mode off.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/worker_controller.py" line="113"/>
        <source>The training process has not answered for {seconds} s.</source>
        <translation>The training process has not answered for {seconds} s.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/worker_controller.py" line="117"/>
        <source>The training process answers again (it was silent for {seconds} s).</source>
        <translation>The training process answers again (it was silent for {seconds} s).</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/worker_controller.py" line="120"/>
        <source>A new training process has started: step 0, paused.</source>
        <translation>A new training process has started: step 0, paused.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/worker_controller.py" line="125"/>
        <source>in a new training process</source>
        <translation>in a new training process</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/worker_controller.py" line="126"/>
        <source>inside the window (drawing may be slower)</source>
        <translation>inside the window (drawing may be slower)</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/worker_controller.py" line="127"/>
        <source>Training stopped: {error}. It starts again from step 0 {where}.</source>
        <translation>Training stopped: {error}. It starts again from step 0 {where}.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/worker_controller.py" line="129"/>
        <source>Training stopped: {error}</source>
        <translation>Training stopped: {error}</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/worker_controller.py" line="146"/>
        <source>Training is not responding</source>
        <translation>Training is not responding</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/worker_controller.py" line="147"/>
        <source>The training process has not answered for {seconds} s while it had work to do.</source>
        <translation>The training process has not answered for {seconds} s while it had work to do.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/worker_controller.py" line="151"/>
        <source>You can keep waiting, or restart it: training starts again from step 0 with the current settings, paused.</source>
        <translation>You can keep waiting, or restart it: training starts again from step 0 with the current settings, paused.</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/worker_controller.py" line="154"/>
        <source>Restart training</source>
        <translation>Restart training</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/worker_controller.py" line="156"/>
        <source>Keep waiting</source>
        <translation>Keep waiting</translation>
    </message>
</context>
</TS>
