<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../../bpviz/ui/dialogs.py" line="184"/>
        <source>About bpviz</source>
        <translation>关于 bpviz</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/dialogs.py" line="186"/>
        <source>bpviz is a laboratory for one question: why do gradients vanish or explode in backpropagation, and what fixes it? Build a deep network, press Train and watch the gradient of every layer live while you switch the remedies on and off one at a time: ReLU-family activations, residual connections, batch normalization, gradient clipping, proper weight initialization, less depth. Every number on screen comes from bpviz&apos;s own NumPy backprop.</source>
        <translation>bpviz 是一个只研究一个问题的实验室：反向传播中的梯度为什么会消失或爆炸？又该如何解决？搭建一个深层网络，按下“训练”，实时观察每一层的梯度，同时逐一打开或关闭各种补救措施：ReLU 系列激活函数、残差连接、批量归一化、梯度裁剪、合适的权重初始化、减少层数。屏幕上的每一个数字都来自 bpviz 自己用 NumPy 实现的反向传播。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/dialogs.py" line="191"/>
        <source>Qt {qt} · PySide6 {pyside} · NumPy {numpy} · pyqtgraph {pyqtgraph}</source>
        <translation>Qt {qt} · PySide6 {pyside} · NumPy {numpy} · pyqtgraph {pyqtgraph}</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/dialogs.py" line="193"/>
        <source>MIT License.</source>
        <translation>MIT 许可证。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/dialogs.py" line="195"/>
        <source>The handwritten digits are the test part of E. Alpaydin and C. Kaynak, “Optical Recognition of Handwritten Digits”, UCI Machine Learning Repository, 1998 (doi:10.24432/C50P49), used under the Creative Commons Attribution 4.0 license (CC BY 4.0), unchanged.</source>
        <translation>手写数字数据取自 E. Alpaydin 与 C. Kaynak 的“Optical Recognition of Handwritten Digits”（手写数字光学识别）的测试部分，UCI 机器学习数据库，1998 年（doi:10.24432/C50P49），按知识共享署名 4.0 许可协议（CC BY 4.0）使用，未作改动。</translation>
    </message>
</context>
<context>
    <name>ActivationPlot</name>
    <message>
        <location filename="../../bpviz/ui/plots/activation.py" line="77"/>
        <source>Activations per layer</source>
        <translation>每层的激活值</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/activation.py" line="80"/>
        <source>Activations</source>
        <translation>激活值</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/activation.py" line="84"/>
        <source>sigmoid: saturated units (a&lt;0.02 or a&gt;0.98) pass almost no gradient, since sigmoid&apos;(z) = a(1-a) &lt;= 0.25, and ~0 when saturated.</source>
        <translation>sigmoid：饱和单元（a&lt;0.02 或 a&gt;0.98）几乎不传递梯度，因为 sigmoid&apos;(z) = a(1-a) &lt;= 0.25，饱和时约为 0。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/activation.py" line="87"/>
        <source>tanh: saturated units (|a|&gt;0.97) pass almost no gradient, since tanh&apos;(z) = 1-a² &lt; 0.06 there.</source>
        <translation>tanh：饱和单元（|a|&gt;0.97）几乎不传递梯度，因为此时 tanh&apos;(z) = 1-a² &lt; 0.06。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/activation.py" line="90"/>
        <source>ReLU: a dead unit (a = 0 for the whole batch) passes no gradient at all, since relu&apos;(z) = 0 for z &lt; 0.</source>
        <translation>ReLU：死亡单元（整个批次上 a = 0）完全不传递梯度，因为 z &lt; 0 时 relu&apos;(z) = 0。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/activation.py" line="93"/>
        <source>leaky ReLU: the negative side keeps a small slope, so units cannot die: dead % stays ~0.</source>
        <translation>Leaky ReLU：负半轴保留一个小斜率，单元不会死亡：死亡比例始终约为 0。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/activation.py" line="96"/>
        <source>PReLU: the negative side keeps a learned slope alpha, so units cannot die: dead % stays ~0.</source>
        <translation>PReLU：负半轴保留一个可学习的斜率 alpha，单元不会死亡：死亡比例始终约为 0。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/activation.py" line="99"/>
        <source>ELU: the negative side is smooth and non-zero, so units cannot die: dead % stays ~0.</source>
        <translation>ELU：负半轴平滑且不为零，单元不会死亡：死亡比例始终约为 0。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/activation.py" line="102"/>
        <source>GELU: the negative side is small but non-zero, so units cannot die: dead % stays ~0.</source>
        <translation>GELU：负半轴很小但不为零，单元不会死亡：死亡比例始终约为 0。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/activation.py" line="110"/>
        <source>saturated units (%)</source>
        <translation>饱和单元（%）</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/activation.py" line="111"/>
        <source>dead units (%)</source>
        <translation>死亡单元（%）</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/activation.py" line="118"/>
        <source>saturated or dead units (%)</source>
        <translation>饱和或死亡单元（%）</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/activation.py" line="119"/>
        <source>layer (1 = input side)</source>
        <translation>层（1 = 输入端）</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/activation.py" line="122"/>
        <source>a: mean ± std</source>
        <translation>a：均值 ± 标准差</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/activation.py" line="135"/>
        <location filename="../../bpviz/ui/plots/activation.py" line="143"/>
        <source>mean ± std of a</source>
        <translation>a 的均值 ± 标准差</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/activation.py" line="137"/>
        <source>A (%1): %2</source>
        <translation>A（%1）：%2</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/activation.py" line="140"/>
        <source>B (%1): %2</source>
        <translation>B（%1）：%2</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/activation.py" line="154"/>
        <source>%1, %2</source>
        <translation>%1，%2</translation>
    </message>
</context>
<context>
    <name>AnimationDialog</name>
    <message>
        <location filename="../../bpviz/ui/animation_dialog.py" line="73"/>
        <source>Export animation</source>
        <translation>导出动画</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/animation_dialog.py" line="74"/>
        <source>&amp;Show:</source>
        <translation>显示(&amp;S)：</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/animation_dialog.py" line="74"/>
        <source>&amp;Duration:</source>
        <translation>时长(&amp;D)：</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/animation_dialog.py" line="74"/>
        <source>&amp;Frame rate:</source>
        <translation>帧率(&amp;F)：</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/animation_dialog.py" line="74"/>
        <source>S&amp;cale:</source>
        <translation>缩放(&amp;C)：</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/animation_dialog.py" line="75"/>
        <source>F&amp;ormat:</source>
        <translation>格式(&amp;O)：</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/animation_dialog.py" line="78"/>
        <source>Whole dashboard (the plots on screen)</source>
        <translation>整个仪表板（屏幕上的图）</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/animation_dialog.py" line="79"/>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/animation_dialog.py" line="80"/>
        <source> frames/s</source>
        <translation> 帧/秒</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/animation_dialog.py" line="81"/>
        <source>GIF (plays everywhere; 255 colours)</source>
        <translation>GIF（到处都能播放；255 种颜色）</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/animation_dialog.py" line="82"/>
        <source>APNG (.png; full colour; browsers, PowerPoint 365)</source>
        <translation>APNG（.png；全彩；浏览器、PowerPoint 365）</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/animation_dialog.py" line="94"/>
        <source>{frames} frames, spread evenly over the recorded run. Training goes on meanwhile.</source>
        <translation>{frames} 帧，均匀分布在已记录的训练过程中。其间训练照常进行。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/animation_dialog.py" line="96"/>
        <source>{frames} frames is too many: at most {limit}.</source>
        <translation>{frames} 帧太多了：最多 {limit} 帧。</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <location filename="../../bpviz/ui/app.py" line="92"/>
        <source>Cannot open experiment</source>
        <translation>无法打开实验</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/app.py" line="93"/>
        <source>{error}

bpviz opens the default experiment instead.</source>
        <translation>{error}

bpviz 将改为打开默认实验。</translation>
    </message>
</context>
<context>
    <name>AppearanceController</name>
    <message>
        <location filename="../../bpviz/ui/appearance_controller.py" line="90"/>
        <source>Presentation mode</source>
        <translation>演示模式</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/appearance_controller.py" line="91"/>
        <source>Large fonts, thick lines and high-contrast colours for a projector (F11).</source>
        <translation>大字体、粗线条、高对比度配色，适合投影仪（F11）。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/appearance_controller.py" line="93"/>
        <source>Theme</source>
        <translation>主题</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/appearance_controller.py" line="94"/>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/appearance_controller.py" line="95"/>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/appearance_controller.py" line="96"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
</context>
<context>
    <name>BuilderPanel</name>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="252"/>
        <source>Remedies</source>
        <translation>补救措施</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="253"/>
        <source>Network</source>
        <translation>网络</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="254"/>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="255"/>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="257"/>
        <source>Experiment name</source>
        <translation>实验名称</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="258"/>
        <source>Depth (hidden layers)</source>
        <translation>深度（隐藏层数）</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="259"/>
        <source>Width (units per layer)</source>
        <translation>宽度（每层单元数）</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="260"/>
        <source>Activation</source>
        <translation>激活函数</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="261"/>
        <source>Initialization</source>
        <translation>权重初始化</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="262"/>
        <source>Init gain</source>
        <translation>初始化增益</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="263"/>
        <source>Leaky slope</source>
        <translation>泄漏斜率</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="264"/>
        <source>Bias init std</source>
        <translation>偏置初始标准差</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="265"/>
        <source>Residual branch</source>
        <translation>残差分支</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="266"/>
        <source>Normalization</source>
        <translation>归一化</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="267"/>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="268"/>
        <source>Optimizer</source>
        <translation>优化器</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="269"/>
        <source>Batch size</source>
        <translation>批大小</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="270"/>
        <source>L2 weight decay</source>
        <translation>L2 权重衰减</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="271"/>
        <source>Clip threshold</source>
        <translation>裁剪阈值</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="272"/>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="273"/>
        <source>Precision</source>
        <translation>数值精度</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="274"/>
        <source>Dataset</source>
        <translation>数据集</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="275"/>
        <source>Points</source>
        <translation>样本点数</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="276"/>
        <source>Noise</source>
        <translation>噪声</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="277"/>
        <source>Train fraction</source>
        <translation>训练集比例</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="282"/>
        <source>Residual connections (h + f(h))</source>
        <translation>残差连接（h + f(h)）</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="283"/>
        <location filename="../../bpviz/ui/builder_panel.py" line="412"/>
        <source>Batch normalization</source>
        <translation>批量归一化</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="284"/>
        <location filename="../../bpviz/ui/builder_panel.py" line="414"/>
        <source>Gradient clipping</source>
        <translation>梯度裁剪</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="285"/>
        <source>by global norm</source>
        <translation>按全局范数</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="286"/>
        <source>by value</source>
        <translation>按值</translation>
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
        <translation>σ(z) = 1/(1+e^-z)；σ&apos;(z) = a(1-a) &lt;= 0.25</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="294"/>
        <source>tanh(z); tanh&apos;(z) = 1 - a² &lt;= 1, but near 0 once |z| is large</source>
        <translation>tanh(z)；tanh&apos;(z) = 1 - a² &lt;= 1，但 |z| 较大时接近 0</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="295"/>
        <source>max(0, z); derivative 1 for z &gt; 0, 0 otherwise (units can die)</source>
        <translation>max(0, z)；z &gt; 0 时导数为 1，否则为 0（单元可能死亡）</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="296"/>
        <source>z for z &gt; 0, slope·z otherwise: never exactly 0 gradient</source>
        <translation>z &gt; 0 时为 z，否则为 slope·z：梯度永远不会恰好为 0</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="297"/>
        <source>like Leaky ReLU, but the slope α (start 0.25) is learned per layer</source>
        <translation>与 Leaky ReLU 类似，但斜率 α（初始 0.25）每层单独学习</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="298"/>
        <source>z for z &gt; 0, e^z - 1 otherwise: smooth, mean closer to 0</source>
        <translation>z &gt; 0 时为 z，否则为 e^z - 1：光滑，均值更接近 0</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="299"/>
        <source>z·Φ(z) (tanh approximation): the smooth ReLU of transformers</source>
        <translation>z·Φ(z)（tanh 近似）：Transformer 中使用的平滑 ReLU</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="303"/>
        <source>small N(0, 0.01²)</source>
        <translation>小值 N(0, 0.01²)</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="303"/>
        <source>standard U(±1/√fan_in)</source>
        <translation>标准 U(±1/√fan_in)</translation>
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
        <translation>大值 N(0, 1)</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="305"/>
        <source>orthogonal</source>
        <translation>正交</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="308"/>
        <source>std 0.01: every layer shrinks the signal, so gradients vanish</source>
        <translation>标准差 0.01：每一层都把信号缩小，梯度因此消失</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="309"/>
        <source>U(±1/√fan_in), Glorot &amp; Bengio&apos;s &apos;standard&apos; init: variance shrinks by 3 per layer</source>
        <translation>U(±1/√fan_in)，即 Glorot 与 Bengio 所说的“标准”初始化：方差每层缩小为 1/3</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="310"/>
        <source>U(±√(6/(fan_in+fan_out))): keeps variance for tanh/sigmoid</source>
        <translation>U(±√(6/(fan_in+fan_out)))：对 tanh/sigmoid 保持方差不变</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="311"/>
        <source>N(0, 2/fan_in): std = √(2/fan_in), keeps variance for ReLU</source>
        <translation>N(0, 2/fan_in)：标准差 = √(2/fan_in)，对 ReLU 保持方差不变</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="312"/>
        <source>std 1: activations saturate or gradients explode</source>
        <translation>标准差 1：激活值饱和或梯度爆炸</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="313"/>
        <source>orthogonal matrix (Saxe et al. 2014): every singular value is 1, so a linear layer keeps the length of every signal</source>
        <translation>正交矩阵（Saxe 等，2014）：所有奇异值都为 1，因此线性层保持每个信号的长度</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="318"/>
        <source>h + a (plain)</source>
        <translation>h + a（直接相加）</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="318"/>
        <source>h + a/√depth</source>
        <translation>h + a/√深度</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="319"/>
        <source>ReZero: h + α·a</source>
        <translation>可学 α：h + α·a</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="321"/>
        <source>the plain sum: every block adds its variance, so a deep stack can explode</source>
        <translation>直接相加：每个块都叠加自己的方差，所以很深的堆叠可能爆炸</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="322"/>
        <source>each branch scaled by 1/√depth: the sum of depth blocks keeps its size</source>
        <translation>每个分支乘以 1/√深度：depth 个块相加后规模保持不变</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="323"/>
        <source>a learnable α per block, starting at 0: each block starts as the identity and learns how much to add</source>
        <translation>每个块一个可学习的 α，初值为 0：每个块起初是恒等映射，再学习该加多少</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="327"/>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="327"/>
        <source>Batch norm</source>
        <translation>批量归一化</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="327"/>
        <source>Layer norm</source>
        <translation>层归一化</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="329"/>
        <source>no normalization</source>
        <translation>不做归一化</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="330"/>
        <source>each unit normalized over the batch: needs a batch of several examples</source>
        <translation>每个单元在批次上归一化：批次里需要多个样本</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="331"/>
        <source>each example normalized over its units: works even with batch size 1</source>
        <translation>每个样本在自己的各单元上归一化：批量大小为 1 也能用</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="333"/>
        <source>SGD</source>
        <translation>SGD</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="333"/>
        <source>Momentum</source>
        <translation>动量</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="338"/>
        <source>digits (8×8)</source>
        <translation>手写数字（8×8）</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="340"/>
        <source>float64 (exact)</source>
        <translation>float64（精确）</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="334"/>
        <source>Adam</source>
        <translation>Adam</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="335"/>
        <source>circle</source>
        <translation>圆形</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="335"/>
        <source>XOR</source>
        <translation>异或（XOR）</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="336"/>
        <source>two Gaussians</source>
        <translation>两团高斯分布</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="336"/>
        <source>spirals</source>
        <translation>双螺旋</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="337"/>
        <source>moons</source>
        <translation>双月形</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="341"/>
        <source>float32 (faster)</source>
        <translation>float32（更快）</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="344"/>
        <source>The experiment&apos;s name, shown in the window title and saved with the experiment.</source>
        <translation>实验名称，显示在窗口标题中，并随实验一起保存。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="346"/>
        <source>Number of hidden layers: backprop multiplies one Jacobian per layer, so the gradient at layer 1 is a product of depth factors and can shrink or grow exponentially.</source>
        <translation>隐藏层的层数：反向传播每经过一层就乘上一个雅可比矩阵，因此第 1 层的梯度是“深度”个因子的乘积，可能呈指数级缩小或增大。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="349"/>
        <source>Units per hidden layer; it is the fan_in of the next layer, which the init schemes scale by.</source>
        <translation>每个隐藏层的单元数；它就是下一层的 fan_in，各种初始化方案按它来缩放权重。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="351"/>
        <source>The nonlinearity a = f(z): sigmoid&apos;(z) = a(1-a) &lt;= 0.25, so each sigmoid layer shrinks the gradient at least 4x, while ReLU&apos;(z) = 1 for z &gt; 0 passes it on unchanged.</source>
        <translation>非线性函数 a = f(z)：sigmoid&apos;(z) = a(1-a) &lt;= 0.25，所以每个 sigmoid 层至少把梯度缩小到 1/4；而 z &gt; 0 时 ReLU&apos;(z) = 1，梯度原样传回。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="354"/>
        <source>How weights start: Xavier U(±√(6/(fan_in+fan_out))) suits tanh/sigmoid, He: std = √(2/fan_in) suits ReLU; small N(0, 0.01²) makes gradients vanish, large N(0, 1) makes them explode.</source>
        <translation>权重的初始值：Xavier U(±√(6/(fan_in+fan_out))) 适合 tanh/sigmoid，He（标准差 = √(2/fan_in)）适合 ReLU；小值 N(0, 0.01²) 会导致梯度消失，大值 N(0, 1) 会导致梯度爆炸。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="357"/>
        <source>Multiplies the initial weights by g: each layer&apos;s Jacobian scales by about g, so after L layers the gradient scales by about g^L.</source>
        <translation>把初始权重乘以 g：每层的雅可比矩阵大约放缩 g 倍，经过 L 层后梯度大约放缩 g^L 倍。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="360"/>
        <source>Leaky ReLU&apos;s slope for z &lt; 0 (f(z) = slope·z): a negative unit still passes slope × the gradient instead of 0, so no unit dies.</source>
        <translation>Leaky ReLU 在 z &lt; 0 时的斜率（f(z) = slope·z）：处于负半轴的单元仍能传回 slope × 梯度，而不是 0，所以不会有单元死亡。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="363"/>
        <source>Biases start N(0, std²) instead of 0. With weight variance σ_w²/fan_in, the pair (σ_w², σ_b² = std²) decides whether gradients vanish or explode at initialization (mean-field theory).</source>
        <translation>偏置从 N(0, std²) 开始，而不是 0。权重方差为 σ_w²/fan_in 时，(σ_w², σ_b² = std²) 这一对参数决定了初始化时梯度是消失还是爆炸（平均场理论）。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="366"/>
        <source>Skip connections h ← h + f(h): the block&apos;s Jacobian is I + ∂f/∂h, so the gradient always has a path back that does not shrink.</source>
        <translation>跳跃连接 h ← h + f(h)：该模块的雅可比矩阵是 I + ∂f/∂h，梯度总有一条不会缩小的回传路径。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="369"/>
        <source>How a residual block adds its branch a = f(h): h ← h + a (plain), h ← h + a/√depth, or ReZero h ← h + α·a with a learned α that starts at 0. The plain sum adds variance at every block.</source>
        <translation>残差块如何加上分支 a = f(h)：h ← h + a（直接相加）、h ← h + a/√深度，或 ReZero h ← h + α·a（α 可学习，初值为 0）。直接相加时每个块都会增加方差。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="372"/>
        <source>Batch normalization z ← γ(z − μ)/√(σ² + ε) + β keeps every layer&apos;s pre-activations near mean 0, variance 1: out of the flat, saturated tails.</source>
        <translation>批量归一化 z ← γ(z − μ)/√(σ² + ε) + β 让每一层的激活前输入保持在均值 0、方差 1 附近，远离平坦的饱和区。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="375"/>
        <source>Where the dense layer&apos;s output z is normalized, z ← γ(z − μ)/√(σ² + ε) + β: batch norm takes μ, σ² of each unit over the batch, layer norm of each example over its units.</source>
        <translation>对全连接层的输出 z 做归一化 z ← γ(z − μ)/√(σ² + ε) + β：批量归一化按每个单元在批次上求 μ、σ²，层归一化按每个样本在其各单元上求。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="378"/>
        <source>Gradient clipping: if ‖g‖ &gt; threshold then g ← g · threshold/‖g‖; it bounds exploding gradients but cannot enlarge vanishing ones.</source>
        <translation>梯度裁剪：若 ‖g‖ &gt; threshold，则 g ← g · threshold/‖g‖；它能限制爆炸的梯度，但无法放大正在消失的梯度。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="381"/>
        <source>The largest gradient norm allowed (or the largest entry, when clipping by value).</source>
        <translation>允许的最大梯度范数（按值裁剪时为单个分量的最大值）。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="383"/>
        <source>Step size η in W ← W − η·∂L/∂W: too small and nothing moves, too large and the loss blows up (NaN). The arrows step 1-2-5; you can type 3e-4.</source>
        <translation>W ← W − η·∂L/∂W 中的步长 η：太小则几乎不动，太大则损失爆掉（NaN）。箭头按 1-2-5 递进；也可以直接输入 3e-4。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="386"/>
        <source>SGD: W ← W − η·g; momentum keeps a running sum v ← 0.9·v + g; Adam divides by a running RMS of g, so even tiny gradients take η-sized steps.</source>
        <translation>SGD：W ← W − η·g；动量法维护累积量 v ← 0.9·v + g；Adam 除以 g 的滑动均方根，因此即使梯度极小，步长也约为 η。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="389"/>
        <source>Training points per step: the gradient is the mean over the batch, so bigger batches give smoother steps.</source>
        <translation>每步使用的训练样本数：梯度是整批样本的平均，批越大，每步越平稳。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="392"/>
        <source>Weight decay adds ½·λ·Σ‖W‖² to the loss (gradient λ·W): it keeps weights small, but it does not cure vanishing gradients.</source>
        <translation>权重衰减在损失中加上 ½·λ·Σ‖W‖²（梯度为 λ·W）：它让权重保持较小，但治不了梯度消失。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="395"/>
        <source>Random seed for the data, the initial weights and the batch order: the same seed gives the same run, bit for bit.</source>
        <translation>数据、初始权重和批次顺序所用的随机种子：相同的种子得到逐位相同的训练过程。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="398"/>
        <source>float64 shows a gradient of 1e-40 as 1e-40; float32 is faster but underflows to 0 below about 1e-38.</source>
        <translation>float64 会把 1e-40 的梯度如实显示为 1e-40；float32 更快，但低于约 1e-38 时会下溢为 0。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="401"/>
        <source>The 2-D toy problem, as in TensorFlow Playground: spirals need a deep, well-trained network, two Gaussians are almost linearly separable.</source>
        <translation>2 维玩具问题，和 TensorFlow Playground 中的一样：双螺旋需要训练良好的深层网络，两团高斯分布则几乎线性可分。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="403"/>
        <source>Number of points in the dataset, train and test together.</source>
        <translation>数据集中的样本点总数（训练集与测试集合计）。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="405"/>
        <source>Standard deviation of the Gaussian noise added to each coordinate; 0.5 makes the classes overlap a lot.</source>
        <translation>加到每个坐标上的高斯噪声的标准差；取 0.5 时两类会大量重叠。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="408"/>
        <source>Fraction of the points used for training; the rest are the test set behind test accuracy.</source>
        <translation>用于训练的样本比例；其余样本组成测试集，用来计算测试准确率。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="411"/>
        <source>Residual connections</source>
        <translation>残差连接</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="413"/>
        <source>Residual branch scaling</source>
        <translation>残差分支缩放</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="416"/>
        <source>Changing it rebuilds the network (new weights, step 0).</source>
        <translation>修改此项会重建网络（重新初始化权重，回到第 0 步）。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="429"/>
        <source>By norm rescales the whole gradient to length &lt;= threshold (its direction kept); by value clamps each entry to [−threshold, threshold].</source>
        <translation>按范数裁剪：把整个梯度缩放到长度 &lt;= threshold（方向不变）；按值裁剪：把每个分量截断到 [−threshold, threshold]。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="431"/>
        <source>Clipping mode</source>
        <translation>裁剪方式</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/builder_panel.py" line="433"/>
        <source>{mark} = changing it rebuilds the network (new weights, back to step 0). Everything else changes live, at the next step.</source>
        <translation>{mark} = 修改后会重建网络（重新初始化权重，回到第 0 步）。其余设置在下一步即时生效。</translation>
    </message>
</context>
<context>
    <name>ComparePanel</name>
    <message>
        <location filename="../../bpviz/ui/compare_panel.py" line="59"/>
        <location filename="../../bpviz/ui/compare_panel.py" line="64"/>
        <source>Compare A/B</source>
        <translation>A/B 对比</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/compare_panel.py" line="60"/>
        <source>Train network B beside A</source>
        <translation>同时训练网络 B 与 A 对比</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/compare_panel.py" line="62"/>
        <source>Compare mode: a second network B, identical to A except for the remedies ticked below, trains in lockstep on the same data and seed; every plot overlays B. Switching it on restarts both.</source>
        <translation>对比模式：第二个网络 B 除了下面勾选的补救措施外与 A 完全相同，用相同的数据和随机种子与 A 同步训练；每张图都会叠加显示 B。开启后两个网络都会重新开始。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/compare_panel.py" line="66"/>
        <source>B uses ReLU</source>
        <translation>B 使用 ReLU</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/compare_panel.py" line="67"/>
        <source>B&apos;s activation is ReLU: derivative 1 for z &gt; 0, so no per-layer 0.25 factor.</source>
        <translation>B 的激活函数是 ReLU：z &gt; 0 时导数为 1，没有每层 0.25 的衰减因子。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/compare_panel.py" line="68"/>
        <source>B has residual connections</source>
        <translation>B 使用残差连接</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/compare_panel.py" line="69"/>
        <source>B adds skips h ← h + f(h): Jacobian I + ∂f/∂h, a path back that does not shrink.</source>
        <translation>B 加入跳跃连接 h ← h + f(h)：雅可比矩阵为 I + ∂f/∂h，提供一条不会缩小的回传路径。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/compare_panel.py" line="70"/>
        <source>B has batch normalization</source>
        <translation>B 使用批量归一化</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/compare_panel.py" line="71"/>
        <source>B normalizes each layer&apos;s pre-activations to mean 0, variance 1 over the batch.</source>
        <translation>B 在每个批次上把各层的激活前输入归一化为均值 0、方差 1。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/compare_panel.py" line="72"/>
        <source>B clips gradients (by norm)</source>
        <translation>B 进行梯度裁剪（按范数）</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/compare_panel.py" line="73"/>
        <source>B rescales its gradient when ‖g‖ exceeds A&apos;s threshold; it tames exploding gradients only.</source>
        <translation>当 ‖g‖ 超过 A 的阈值时，B 会缩放梯度；这只能抑制梯度爆炸。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/compare_panel.py" line="74"/>
        <source>B uses He initialization</source>
        <translation>B 使用 He 初始化</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/compare_panel.py" line="75"/>
        <source>B&apos;s weights start with std = √(2/fan_in) (He et al.); B restarts when this changes.</source>
        <translation>B 的初始权重标准差为 √(2/fan_in)（He 等人）；修改此项时 B 会重新开始。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/compare_panel.py" line="150"/>
        <source>Off: only network A trains.</source>
        <translation>关闭：只训练网络 A。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/compare_panel.py" line="156"/>
        <source>B = A (tick a remedy to make them differ).</source>
        <translation>B = A（勾选一项补救措施，让两者有所不同）。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/compare_panel.py" line="158"/>
        <source>B = A, plus: {changes}</source>
        <translation>B = A，另加：{changes}</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/compare_panel.py" line="160"/>
        <source>B = A with the remedies ticked above.</source>
        <translation>B = A 加上上面勾选的补救措施。</translation>
    </message>
</context>
<context>
    <name>DataFileMessages</name>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="30"/>
        <source>a zip archive (an Excel .xlsx or LibreOffice .ods workbook?)</source>
        <translation>一个 zip 压缩包（Excel .xlsx 或 LibreOffice .ods 工作簿？）</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="31"/>
        <source>an old Office file (an Excel .xls workbook?)</source>
        <translation>一个旧版 Office 文件（Excel .xls 工作簿？）</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="32"/>
        <source>a PDF document</source>
        <translation>一个 PDF 文档</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="33"/>
        <source>a PNG image</source>
        <translation>一张 PNG 图片</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="34"/>
        <source>a JPEG image</source>
        <translation>一张 JPEG 图片</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="35"/>
        <source>a gzip archive</source>
        <translation>一个 gzip 压缩包</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="36"/>
        <source>a GIF image</source>
        <translation>一张 GIF 图片</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="45"/>
        <source>empty</source>
        <translation>空</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="62"/>
        <source>Permission denied</source>
        <translation>没有权限</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="63"/>
        <source>Operation not permitted</source>
        <translation>不允许此操作</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="65"/>
        <source>Too many levels of symbolic links</source>
        <translation>符号链接层数过多（可能是循环链接）</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="66"/>
        <source>Input/output error</source>
        <translation>输入/输出错误</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="67"/>
        <source>File name too long</source>
        <translation>文件名过长</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="68"/>
        <source>Not a directory</source>
        <translation>路径中有一项不是文件夹</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="80"/>
        <source>unexpected end of data</source>
        <translation>数据意外结束</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="85"/>
        <source>field larger than field limit ({limit})</source>
        <translation>单元格超过长度上限（{limit}）</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="92"/>
        <source>tab</source>
        <translation>制表符</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="97"/>
        <source>row {row} has {count} columns, but the header (row {first_row}) has {width}; check for a missing or extra &apos;{delimiter}&apos; in row {row}</source>
        <translation>第 {row} 行有 {count} 列，但表头（第 {first_row} 行）有 {width} 列；请检查第 {row} 行是否少了或多了“{delimiter}”</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="99"/>
        <source>row {row} has {count} columns, but the first row (row {first_row}) has {width}; check for a missing or extra &apos;{delimiter}&apos; in row {row}</source>
        <translation>第 {row} 行有 {count} 列，但首行（第 {first_row} 行）有 {width} 列；请检查第 {row} 行是否少了或多了“{delimiter}”</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="105"/>
        <source>the file has {count} data row; bpviz needs at least {minimum} (some to train on, some to test on)</source>
        <translation>文件只有 {count} 行数据；bpviz 至少需要 {minimum} 行（一部分用于训练，一部分用于测试）</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="107"/>
        <source>the file has {count} data rows; bpviz needs at least {minimum} (some to train on, some to test on)</source>
        <translation>文件只有 {count} 行数据；bpviz 至少需要 {minimum} 行（一部分用于训练，一部分用于测试）</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="113"/>
        <source>no such file ({path})</source>
        <translation>文件不存在（{path}）</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="114"/>
        <source>{path} is a folder, not a file</source>
        <translation>{path} 是文件夹，不是文件</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="115"/>
        <source>cannot open it ({reason})</source>
        <translation>无法打开（{reason}）</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="116"/>
        <source>{path} is not a regular file (a device, a pipe or a socket)</source>
        <translation>{path} 不是普通文件（而是设备、管道或套接字）</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="118"/>
        <source>the file is {size_mb} MB; bpviz reads CSV files of at most {limit_mb} MB (about {rows} rows are used in any case): save a smaller sample of the rows</source>
        <translation>文件大小为 {size_mb} MB；bpviz 只读取不超过 {limit_mb} MB 的 CSV 文件（反正最多只用约 {rows} 行）：请另存一份行数较少的样本</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="121"/>
        <source>cannot read it ({reason})</source>
        <translation>无法读取（{reason}）</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="122"/>
        <source>the file is empty</source>
        <translation>文件是空的</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="123"/>
        <source>this is {what}, not a CSV text file; save it from the spreadsheet as &quot;CSV UTF-8 (comma delimited)&quot;</source>
        <translation>这是{what}，不是 CSV 文本文件；请在电子表格软件中另存为“CSV UTF-8（逗号分隔）”</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="126"/>
        <source>it starts like UTF-16 text but byte {byte} is not valid UTF-16; save it from the spreadsheet as &quot;CSV UTF-8 (comma delimited)&quot;</source>
        <translation>文件开头像 UTF-16 文本，但第 {byte} 个字节不是有效的 UTF-16；请在电子表格软件中另存为“CSV UTF-8（逗号分隔）”</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="129"/>
        <source>this looks like a binary file (it holds zero bytes), not a CSV text; save it from the spreadsheet as &quot;CSV UTF-8 (comma delimited)&quot;</source>
        <translation>这像是二进制文件（含有零字节），不是 CSV 文本；请在电子表格软件中另存为“CSV UTF-8（逗号分隔）”</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="132"/>
        <source>row {row}: byte {byte} is not UTF-8 text (the file was saved in another encoding, e.g. Windows-1252); save it from the spreadsheet as &quot;CSV UTF-8 (comma delimited)&quot;</source>
        <translation>第 {row} 行：字节 {byte} 不是 UTF-8 文本（文件以其他编码保存，例如 Windows-1252 或 GBK）；请在电子表格软件中另存为“CSV UTF-8（逗号分隔）”</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="135"/>
        <source>row {row}: the file holds control characters (code {code}), so it is not a CSV text; save it from the spreadsheet as &quot;CSV UTF-8 (comma delimited)&quot;</source>
        <translation>第 {row} 行：文件含有控制字符（代码 {code}），不是 CSV 文本；请在电子表格软件中另存为“CSV UTF-8（逗号分隔）”</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="138"/>
        <source>row {row}: the CSV cannot be read there ({reason}); check the quotes (&quot;) in that row</source>
        <translation>第 {row} 行：CSV 在此处无法读取（{reason}）；请检查该行的引号（&quot;）</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="140"/>
        <source>every row has a single column: bpviz needs numeric feature columns and a label column, separated by commas, semicolons or tabs</source>
        <translation>每一行都只有一列：bpviz 需要数值特征列和一个标签列，用逗号、分号或制表符分隔</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="143"/>
        <source>the file holds no data (only blank lines)</source>
        <translation>文件中没有数据（只有空行）</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="144"/>
        <source>row {row} holds column names, but no data rows follow</source>
        <translation>第 {row} 行是列名，但后面没有数据行</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="146"/>
        <source>row {row} has a single column: bpviz needs at least one numeric feature column and a label column</source>
        <translation>第 {row} 行只有一列：bpviz 至少需要一个数值特征列和一个标签列</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="151"/>
        <source>columns {columns} are all named &apos;{name}&apos;; only one column can be the label: rename the others</source>
        <translation>第 {columns} 列都叫“{name}”；只能有一列作标签：请给其他列改名</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="154"/>
        <source>the file has {count} feature columns; bpviz handles at most {limit}</source>
        <translation>文件有 {count} 个特征列；bpviz 最多处理 {limit} 个</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="156"/>
        <source>row {row}, column {column} (&apos;{name}&apos;): the value is missing ({what}); fill it in or delete the row</source>
        <translation>第 {row} 行第 {column} 列（“{name}”）：缺少数值（{what}）；请填上或删除该行</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="159"/>
        <source>row {row}, column {column} (&apos;{name}&apos;): {value} is not a finite number</source>
        <translation>第 {row} 行第 {column} 列（“{name}”）：{value} 不是有限数值</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="161"/>
        <source>row {row}, column {column} (&apos;{name}&apos;): {value} is not a number (write it without thousands separators)</source>
        <translation>第 {row} 行第 {column} 列（“{name}”）：{value} 不是数值（请去掉千位分隔符）</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="164"/>
        <source>row {row}, column {column} (&apos;{name}&apos;): {value} is not a number; feature columns must hold numbers only</source>
        <translation>第 {row} 行第 {column} 列（“{name}”）：{value} 不是数值；特征列只能包含数值</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="167"/>
        <source>row {row}, column {column} (&apos;{name}&apos;): the label is missing ({what}); every row needs a label</source>
        <translation>第 {row} 行第 {column} 列（“{name}”）：缺少标签（{what}）；每一行都需要标签</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="170"/>
        <source>every row has the same label ({label} in column {column}, &apos;{name}&apos;): a classifier needs at least two classes</source>
        <translation>所有行的标签都相同（第 {column} 列“{name}”中的 {label}）：分类器至少需要两个类别</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="173"/>
        <source>every class has a single row ({count} rows, {count} labels): no row of any class is left to test on; the label column may be an identifier</source>
        <translation>每个类别都只有一行（{count} 行，{count} 个标签）：没有可用于测试的行；标签列可能是编号</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="176"/>
        <source>every feature column has the same value in every row: there is nothing to learn from</source>
        <translation>每个特征列在所有行中的值都相同：没有可学习的内容</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="178"/>
        <source>column {column} (&apos;{name}&apos;), the label column, has {count} different values; bpviz handles at most {limit} classes. If it is a measurement rather than a class, it cannot be the label: put the class in a column named &apos;{label}&apos; or in the last column</source>
        <translation>标签列第 {column} 列（“{name}”）有 {count} 个不同的值；bpviz 最多处理 {limit} 个类别。如果它是测量值而不是类别，就不能作标签：请把类别放在名为“{label}”的列或最后一列</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="182"/>
        <source>the experiment&apos;s data file is not there any more ({path}): it was moved, renamed or deleted. Put it back, or locate it (bpviz checks that it is the same file), or import another file</source>
        <translation>实验的数据文件已不在原处（{path}）：它被移动、改名或删除了。请把它放回去，或找到它（bpviz 会检查是否为同一文件），或导入其他文件</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="186"/>
        <source>the experiment&apos;s data file has changed since the experiment was saved (its content&apos;s SHA-256 is {actual}…, the experiment recorded {expected}…). bpviz does not train on other data than the experiment&apos;s: restore the file, or import it again to use the new content</source>
        <translation>实验保存后，其数据文件已被修改（内容的 SHA-256 为 {actual}…，实验记录的是 {expected}…）。bpviz 只用实验自己的数据训练：请恢复该文件，或重新导入以使用新内容</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="191"/>
        <source>data.path is {length} characters long; at most {limit} are allowed</source>
        <translation>data.path 长 {length} 个字符；最多允许 {limit} 个</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="193"/>
        <source>data.path = {value} holds a control character; a file path cannot</source>
        <translation>data.path = {value} 含有控制字符；文件路径不能包含控制字符</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="200"/>
        <source>No column is named &apos;{label}&apos;, so the last column (&apos;{name}&apos;) is the label.</source>
        <translation>没有名为“{label}”的列，因此把最后一列（“{name}”）作为标签。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="202"/>
        <source>Column {column} (&apos;{name}&apos;) has the same value ({value}) in every row: it carries no information (it is kept, as 0).</source>
        <translation>第 {column} 列（“{name}”）在所有行中的值都相同（{value}）：它不含任何信息（保留该列，按 0 处理）。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/data_file_messages.py" line="233"/>
        <source>{file}: {message}</source>
        <translation>{file}：{message}</translation>
    </message>
</context>
<context>
    <name>DecisionBoundaryPlot</name>
    <message>
        <location filename="../../bpviz/ui/plots/decision_boundary.py" line="163"/>
        <location filename="../../bpviz/ui/plots/decision_boundary.py" line="166"/>
        <source>Decision boundary</source>
        <translation>决策边界</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/decision_boundary.py" line="170"/>
        <source>Under each test image: the network&apos;s answer (✗: wrong, the right one in brackets). All alike = nothing learned yet.</source>
        <translation>每张测试图像下方：网络的回答（✗：答错，括号里是正确答案）。全都一样 = 还什么都没学到。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/decision_boundary.py" line="173"/>
        <source>Rows: true class; columns: the network&apos;s answer. Dark diagonal = learned; one dark column = one answer for all.</source>
        <translation>行：真实类别；列：网络的回答。对角线深 = 学会了；只有一列深 = 对所有样本给同一个回答。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/decision_boundary.py" line="175"/>
        <source>Colour: the model&apos;s P(class 1); line: P = 0.5. One flat colour everywhere means the network has not learned anything yet.</source>
        <translation>颜色：模型给出的 P(类别 1)；曲线：P = 0.5。若处处是同一种颜色，说明网络还什么都没学到。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/decision_boundary.py" line="182"/>
        <source>predicted class</source>
        <translation>预测类别</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/decision_boundary.py" line="183"/>
        <source>true class</source>
        <translation>真实类别</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/decision_boundary.py" line="184"/>
        <source>input x₁ (data units)</source>
        <translation>输入 x₁（数据单位）</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/decision_boundary.py" line="185"/>
        <source>input x₂ (data units)</source>
        <translation>输入 x₂（数据单位）</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/decision_boundary.py" line="192"/>
        <source>share of the true class</source>
        <translation>占真实类别的比例</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/decision_boundary.py" line="194"/>
        <source>P(class 1)</source>
        <translation>P(类别 1)</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/decision_boundary.py" line="197"/>
        <source>output is NaN/Inf:
the run diverged</source>
        <translation>输出为 NaN/Inf：
训练已发散</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/decision_boundary.py" line="206"/>
        <source>class 0</source>
        <translation>类别 0</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/decision_boundary.py" line="207"/>
        <source>class 1</source>
        <translation>类别 1</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/decision_boundary.py" line="208"/>
        <source>train</source>
        <translation>训练集</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/decision_boundary.py" line="209"/>
        <source>test</source>
        <translation>测试集</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/decision_boundary.py" line="212"/>
        <source>A: P = 0.5</source>
        <translation>A：P = 0.5</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/decision_boundary.py" line="211"/>
        <source>B: P = 0.5</source>
        <translation>B：P = 0.5</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/decision_boundary.py" line="160"/>
        <source>Test images and predictions</source>
        <translation>测试图像与预测</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/decision_boundary.py" line="162"/>
        <source>Confusion matrix (test set)</source>
        <translation>混淆矩阵（测试集）</translation>
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
        <translation>重置</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/divergence_banner.py" line="60"/>
        <source>New weights from the seed, back to step 0.</source>
        <translation>按随机种子重新初始化权重，回到第 0 步。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/divergence_banner.py" line="61"/>
        <source>Reset after divergence</source>
        <translation>发散后重置</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/divergence_banner.py" line="87"/>
        <source>Training diverged at step {step} in {layer} ({quantity} became NaN/Inf) — lower the learning rate, turn on clipping, or Reset.</source>
        <translation>训练在第 {step} 步发散，位置：{layer}（{quantity}变成了 NaN/Inf）——请降低学习率、打开梯度裁剪，或重置。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/divergence_banner.py" line="89"/>
        <source>Training diverged at step {step} in {layer} ({quantity} became NaN/Inf).</source>
        <translation>训练在第 {step} 步发散，位置：{layer}（{quantity}变成了 NaN/Inf）。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/divergence_banner.py" line="101"/>
        <source>Network {name}: {text}</source>
        <translation>网络 {name}：{text}</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/divergence_banner.py" line="143"/>
        <source>layer {number}</source>
        <translation>第 {number} 层</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/divergence_banner.py" line="145"/>
        <source>the output layer</source>
        <translation>输出层</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/divergence_banner.py" line="147"/>
        <source>the loss</source>
        <translation>损失</translation>
    </message>
</context>
<context>
    <name>DockLayout</name>
    <message>
        <location filename="../../bpviz/ui/dock_layout.py" line="333"/>
        <source>{title} — plot {index} of {count} (PageDown: next, PageUp: previous)</source>
        <translation>{title} — 第 {index}/{count} 个图（PageDown：下一个，PageUp：上一个）</translation>
    </message>
</context>
<context>
    <name>EventMarkers</name>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="40"/>
        <source>diverged</source>
        <translation>发散</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="42"/>
        <source>residual on</source>
        <translation>残差连接 开</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="43"/>
        <source>residual off</source>
        <translation>残差连接 关</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="44"/>
        <source>batch norm on</source>
        <translation>批量归一化 开</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="45"/>
        <source>batch norm off</source>
        <translation>批量归一化 关</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="46"/>
        <source>layer norm on</source>
        <translation>层归一化 开</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="47"/>
        <source>layer norm off</source>
        <translation>层归一化 关</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="48"/>
        <source>clipping off</source>
        <translation>梯度裁剪 关</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="49"/>
        <source>residual scale 1</source>
        <translation>残差缩放 1</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="50"/>
        <source>residual scale 1/√depth</source>
        <translation>残差缩放 1/√深度</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="51"/>
        <source>residual scale ReZero (α = 0)</source>
        <translation>残差缩放 ReZero（α = 0）</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="63"/>
        <source>clip by norm %1</source>
        <translation>按范数裁剪 %1</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="64"/>
        <source>clip by value %1</source>
        <translation>按值裁剪 %1</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="65"/>
        <source>clip threshold %1</source>
        <translation>裁剪阈值 %1</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="66"/>
        <source>lr %1</source>
        <translation>学习率 %1</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="67"/>
        <source>L2 %1</source>
        <translation>L2 %1</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="68"/>
        <source>leaky slope %1</source>
        <translation>泄漏斜率 %1</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="69"/>
        <source>batch %1</source>
        <translation>批大小 %1</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="56"/>
        <source>activation %1</source>
        <translation>激活函数 %1</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="32"/>
        <source>A: %1</source>
        <translation>A：%1</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="34"/>
        <source>B: %1</source>
        <translation>B：%1</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="57"/>
        <source>optimizer %1</source>
        <translation>优化器 %1</translation>
    </message>
</context>
<context>
    <name>ExperimentFiles</name>
    <message>
        <location filename="../../bpviz/ui/experiment_files.py" line="61"/>
        <source>&amp;Open experiment…</source>
        <translation>打开实验(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/experiment_files.py" line="62"/>
        <source>&amp;Save experiment…</source>
        <translation>保存实验(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/experiment_files.py" line="63"/>
        <source>Open &amp;recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/experiment_files.py" line="148"/>
        <source>Open experiment</source>
        <translation>打开实验</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/experiment_files.py" line="149"/>
        <source>bpviz experiment (*.json);;All files (*)</source>
        <translation>bpviz 实验 (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/experiment_files.py" line="124"/>
        <location filename="../../bpviz/ui/experiment_files.py" line="155"/>
        <source>Cannot open experiment</source>
        <translation>无法打开实验</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/experiment_files.py" line="64"/>
        <source>&amp;Import data (CSV)…</source>
        <translation>导入数据 (CSV)(&amp;I)…</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/experiment_files.py" line="87"/>
        <source>Import data</source>
        <translation>导入数据</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/experiment_files.py" line="88"/>
        <location filename="../../bpviz/ui/experiment_files.py" line="134"/>
        <source>CSV table (*.csv *.tsv *.txt);;All files (*)</source>
        <translation>CSV 表格 (*.csv *.tsv *.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/experiment_files.py" line="96"/>
        <source>Cannot import data</source>
        <translation>无法导入数据</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/experiment_files.py" line="100"/>
        <source>Imported {name}: {rows} rows, {features} features, {classes} classes.</source>
        <translation>已导入 {name}：{rows} 行，{features} 个特征，{classes} 个类别。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/experiment_files.py" line="103"/>
        <source>Data imported</source>
        <translation>数据已导入</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/experiment_files.py" line="114"/>
        <source>Data file not found</source>
        <translation>找不到数据文件</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/experiment_files.py" line="116"/>
        <source>Locate the file…</source>
        <translation>查找该文件…</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/experiment_files.py" line="121"/>
        <source>Data file changed</source>
        <translation>数据文件已改变</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/experiment_files.py" line="133"/>
        <source>Locate the data file</source>
        <translation>查找数据文件</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/experiment_files.py" line="140"/>
        <source>Not the experiment&apos;s data file</source>
        <translation>不是该实验的数据文件</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/experiment_files.py" line="166"/>
        <source>Opened {path}</source>
        <translation>已打开 {path}</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/experiment_files.py" line="172"/>
        <source>Save experiment</source>
        <translation>保存实验</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/experiment_files.py" line="173"/>
        <source>bpviz experiment (*.json)</source>
        <translation>bpviz 实验 (*.json)</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/experiment_files.py" line="179"/>
        <source>Cannot save experiment</source>
        <translation>无法保存实验</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/experiment_files.py" line="180"/>
        <source>Could not write {path}:
{error}</source>
        <translation>无法写入 {path}：
{error}</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/experiment_files.py" line="183"/>
        <source>Saved {path}</source>
        <translation>已保存 {path}</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/experiment_files.py" line="203"/>
        <source>(no recent experiments)</source>
        <translation>（没有最近打开的实验）</translation>
    </message>
</context>
<context>
    <name>Explanations</name>
    <message>
        <location filename="../../bpviz/ui/explanations.py" line="59"/>
        <source>layer {number}</source>
        <translation>第 {number} 层</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/explanations.py" line="60"/>
        <source>layers {ranges}</source>
        <translation>第 {ranges} 层</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/explanations.py" line="77"/>
        <source>init “{init}”</source>
        <translation>初始化“{init}”</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/explanations.py" line="78"/>
        <source>init “{init}” with gain {gain}</source>
        <translation>增益为 {gain} 的初始化“{init}”</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/explanations.py" line="88"/>
        <source>Use {scheme} init with gain 1, or batch norm.</source>
        <translation>请改用增益为 1 的 {scheme} 初始化，或打开批量归一化。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/explanations.py" line="89"/>
        <source>Use {scheme} init, or batch norm.</source>
        <translation>请改用 {scheme} 初始化，或打开批量归一化。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/explanations.py" line="91"/>
        <source>Press Reset to start from fresh weights.</source>
        <translation>按“重置”从新的权重重新开始。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/explanations.py" line="92"/>
        <source>Undo the change, or press Reset to start from fresh weights.</source>
        <translation>撤销这次改动，或按“重置”从新的权重重新开始。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/explanations.py" line="93"/>
        <source>Lower the learning rate.</source>
        <translation>请降低学习率。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/explanations.py" line="94"/>
        <source>Turn on gradient clipping.</source>
        <translation>请打开梯度裁剪。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/explanations.py" line="95"/>
        <source>Try scaling the branch (ReZero or 1/√depth).</source>
        <translation>试试缩放残差分支（ReZero 或 1/√深度）。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/explanations.py" line="96"/>
        <source>Use layer norm, or a larger batch.</source>
        <translation>请改用层归一化，或加大批量。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/explanations.py" line="97"/>
        <source>Use a larger batch.</source>
        <translation>请加大批量。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/explanations.py" line="98"/>
        <source>Try Leaky ReLU, or a lower learning rate.</source>
        <translation>试试 Leaky ReLU，或降低学习率。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/explanations.py" line="99"/>
        <source>Try an activation of the ReLU family.</source>
        <translation>试试 ReLU 家族的激活函数。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/explanations.py" line="100"/>
        <source>Use float64, which keeps numbers down to 1e-308.</source>
        <translation>请改用 float64，它能表示小到 1e-308 的数。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/explanations.py" line="111"/>
        <source>in {layers} every ReLU unit is dead: after training with {activation}, their inputs are all negative, so no gradient passes</source>
        <translation>{layers}的 ReLU 单元全部死亡：用 {activation} 训练之后，它们的输入全是负数，梯度无法通过</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/explanations.py" line="114"/>
        <source>in {layers} every ReLU unit outputs 0 for the whole batch, so no gradient passes</source>
        <translation>{layers}的每个 ReLU 单元对整个批量都输出 0，梯度无法通过</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/explanations.py" line="119"/>
        <source>the residual sum drifts: every block adds a positive output, so the stream&apos;s mean reaches {mean} at block {block}</source>
        <translation>残差和在漂移：每个块都加上一个正的输出，残差流的均值在第 {block} 块达到 {mean}</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/explanations.py" line="123"/>
        <source>the residual sum grows: each block adds variance, until the stream overflows at block {block}</source>
        <translation>残差和不断增大：每个块都叠加方差，直到残差流在第 {block} 块溢出</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/explanations.py" line="125"/>
        <source>the residual sum grows: each block adds variance, so the stream is {growth} larger at block {block} than at block 1</source>
        <translation>残差和不断增大：每个块都叠加方差，第 {block} 块的残差流是第 1 块的 {growth}</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/explanations.py" line="132"/>
        <source>the activations grow layer over layer until they overflow: {init} is too large for {activation}</source>
        <translation>激活值逐层增大直到溢出：{init}对 {activation} 来说太大了</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/explanations.py" line="134"/>
        <source>the activations grow {factor} per layer: {init} is too large for {activation}</source>
        <translation>激活值每层增大 {factor}：{init}对 {activation} 来说太大了</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/explanations.py" line="137"/>
        <source>batch norm over a batch of {size}: its batch statistics are meaningless</source>
        <translation>在只有 {size} 个样本的批量上做批量归一化：批量统计量毫无意义</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/explanations.py" line="140"/>
        <source>the learning rate is too large for these weights: one update is {share} of the weights&apos; size in {layers} (healthy: about 0.1%)</source>
        <translation>对这些权重来说学习率太大了：在{layers}，一次更新就达到权重大小的 {share}（健康时约 0.1%）</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/explanations.py" line="144"/>
        <source>the activations are saturated: {activation}&apos;s slope is about 0 for up to {share} of the units in {layers}</source>
        <translation>激活值饱和了：在{layers}，多达 {share} 的单元上 {activation} 的斜率约为 0</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/explanations.py" line="151"/>
        <source>no gradient reaches {layers}: it shrank below the smallest {dtype} number on its way back</source>
        <translation>没有梯度到达{layers}：它在反向传播途中缩小到了 {dtype} 能表示的最小数以下</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/explanations.py" line="153"/>
        <source>no layer gets a weight gradient</source>
        <translation>没有任何一层得到权重梯度</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/explanations.py" line="169"/>
        <source>The loss rose {ratio} ({before} → {after}) within {steps} steps of “{change}”</source>
        <translation>“{change}”之后 {steps} 步内，损失上升了 {ratio}（{before} → {after}）</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/explanations.py" line="173"/>
        <source>The loss rose {ratio} ({before} → {after}) in the first {steps} steps</source>
        <translation>前 {steps} 步内，损失上升了 {ratio}（{before} → {after}）</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/explanations.py" line="179"/>
        <source>The loss stays {ratio} above its level before “{change}” ({before} → {now})</source>
        <translation>损失一直是“{change}”之前水平的 {ratio}（{before} → {now}）</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/explanations.py" line="183"/>
        <source>The loss stays {ratio} above its level at the start ({before} → {now})</source>
        <translation>损失一直是开始时水平的 {ratio}（{before} → {now}）</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/explanations.py" line="186"/>
        <source>{what}: {why}.</source>
        <translation>{what}：{why}。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/explanations.py" line="188"/>
        <source>{what}.</source>
        <translation>{what}。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/explanations.py" line="193"/>
        <source>Why: after “{change}” at step {step}, {why}.</source>
        <translation>原因：第 {step} 步“{change}”之后，{why}。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/explanations.py" line="196"/>
        <source>Why: {why}.</source>
        <translation>原因：{why}。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/explanations.py" line="198"/>
        <source>{why}.</source>
        <translation>{why}。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/explanations.py" line="199"/>
        <source>{what} {todo}</source>
        <translation>{what}{todo}</translation>
    </message>
</context>
<context>
    <name>ExportActions</name>
    <message>
        <location filename="../../bpviz/ui/export_actions.py" line="120"/>
        <source>&amp;Export</source>
        <translation>导出(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/export_actions.py" line="122"/>
        <location filename="../../bpviz/ui/export_actions.py" line="136"/>
        <source>Dashboard as PNG ({scale}x)…</source>
        <translation>仪表盘 PNG（{scale} 倍）…</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/export_actions.py" line="123"/>
        <source>Plot as PNG</source>
        <translation>图表 PNG</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/export_actions.py" line="124"/>
        <source>Plot as SVG</source>
        <translation>图表 SVG</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/export_actions.py" line="131"/>
        <source>PNG ({scale}x)…</source>
        <translation>PNG（{scale} 倍）…</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/export_actions.py" line="132"/>
        <source>Training history as CSV…</source>
        <translation>训练历史 CSV…</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/export_actions.py" line="133"/>
        <source>Animation (GIF or APNG)…</source>
        <translation>动画 (GIF 或 APNG)…</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/export_actions.py" line="138"/>
        <location filename="../../bpviz/ui/export_actions.py" line="155"/>
        <source>Export plot as SVG</source>
        <translation>将图表导出为 SVG</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/export_actions.py" line="140"/>
        <source>Plot as PNG ({scale}x)…</source>
        <translation>图表 PNG（{scale} 倍）…</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/export_actions.py" line="144"/>
        <source>Export dashboard as PNG</source>
        <translation>将仪表盘导出为 PNG</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/export_actions.py" line="145"/>
        <location filename="../../bpviz/ui/export_actions.py" line="156"/>
        <source>PNG image (*.png)</source>
        <translation>PNG 图片 (*.png)</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/export_actions.py" line="155"/>
        <source>Export plot as PNG</source>
        <translation>将图表导出为 PNG</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/export_actions.py" line="156"/>
        <source>SVG image (*.svg)</source>
        <translation>SVG 图片 (*.svg)</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/export_actions.py" line="169"/>
        <source>Export training history as CSV</source>
        <translation>将训练历史导出为 CSV</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/export_actions.py" line="170"/>
        <source>CSV table (*.csv)</source>
        <translation>CSV 表格 (*.csv)</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/export_actions.py" line="183"/>
        <location filename="../../bpviz/ui/export_actions.py" line="196"/>
        <location filename="../../bpviz/ui/export_actions.py" line="204"/>
        <source>Export animation</source>
        <translation>导出动画</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/export_actions.py" line="184"/>
        <source>Nothing to animate yet: train a few steps first.</source>
        <translation>还没有可做成动画的内容：请先训练几步。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/export_actions.py" line="194"/>
        <source>GIF animation (*.gif)</source>
        <translation>GIF 动画 (*.gif)</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/export_actions.py" line="195"/>
        <source>APNG animation (*.png)</source>
        <translation>APNG 动画 (*.png)</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/export_actions.py" line="201"/>
        <source>Drawing {frames} frames…</source>
        <translation>正在绘制 {frames} 帧…</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/export_actions.py" line="202"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/export_actions.py" line="222"/>
        <source>Animation export cancelled: nothing was written.</source>
        <translation>动画导出已取消：没有写入任何文件。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/export_actions.py" line="225"/>
        <location filename="../../bpviz/ui/export_actions.py" line="254"/>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/export_actions.py" line="226"/>
        <location filename="../../bpviz/ui/export_actions.py" line="255"/>
        <source>Could not write {path}:
{error}</source>
        <translation>无法写入 {path}：
{error}</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/export_actions.py" line="231"/>
        <source>Saved {path}: {frames} frames, {megabytes:.1f} MB, in {seconds:.0f} s</source>
        <translation>已保存 {path}：{frames} 帧，{megabytes:.1f} MB，用时 {seconds:.0f} 秒</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/export_actions.py" line="257"/>
        <source>Saved {path}</source>
        <translation>已保存 {path}</translation>
    </message>
</context>
<context>
    <name>FrameDrawer</name>
    <message>
        <location filename="../../bpviz/ui/frame_drawer.py" line="156"/>
        <source>Computing… (a large network: this may take a while)</source>
        <translation>正在计算…（网络很大：可能需要一段时间）</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/frame_drawer.py" line="157"/>
        <source>Computing…</source>
        <translation>正在计算…</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/frame_drawer.py" line="159"/>
        <source>Approximate: refining, {percent} % of the points computed</source>
        <translation>近似值：正在细化，已计算 {percent} % 的点</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/frame_drawer.py" line="162"/>
        <source>Approximate: refreshed a few points at a time</source>
        <translation>近似值：每次只刷新少量点</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/frame_drawer.py" line="163"/>
        <source>Estimated: RMS singular values from sampled rows (exact ones cost too much here)</source>
        <translation>估计值：由抽样行求得的均方根奇异值（精确计算代价过高）</translation>
    </message>
</context>
<context>
    <name>GradientFlowPlot</name>
    <message>
        <location filename="../../bpviz/ui/plots/gradient_flow.py" line="325"/>
        <source>Gradient flow per layer</source>
        <extracomment>frames the data must stay well inside the axis before it shrinks (about 1.5 s at the window&apos;s 30 frames a second) seconds: value labels show new numbers at most 4 times a second (at full speed they would flicker unread) a plot&apos;s view shorter than this (pixels) shows the first/last text under the plot (where the caption was) and leaves the range note to the axis: its height is for the bars a view at least this tall keeps a band for the value label over the tallest bar</extracomment>
        <translation>逐层梯度流</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/gradient_flow.py" line="328"/>
        <source>Gradient flow</source>
        <translation>梯度流</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/gradient_flow.py" line="331"/>
        <source>Bars shrinking toward the input (left) = vanishing gradient: the first layers barely learn. Read the first/last ratio.</source>
        <translation>柱子越靠近输入端（左侧）越矮 = 梯度消失：前几层几乎学不到东西。请看首层/末层之比。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/gradient_flow.py" line="335"/>
        <source>layer (1 = input side → output side)</source>
        <translation>层（1 = 输入端 → 输出端）</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/gradient_flow.py" line="336"/>
        <source>gradient norm (log scale)</source>
        <translation>梯度范数（对数刻度）</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/gradient_flow.py" line="340"/>
        <source>A: ||dL/dW||</source>
        <translation>A：||dL/dW||</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/gradient_flow.py" line="341"/>
        <source>A: ||dL/dh||</source>
        <translation>A：||dL/dh||</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/gradient_flow.py" line="342"/>
        <source>B: ||dL/dW||</source>
        <translation>B：||dL/dW||</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/gradient_flow.py" line="343"/>
        <source>B: ||dL/dh||</source>
        <translation>B：||dL/dh||</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/gradient_flow.py" line="344"/>
        <source>||dL/dW|| weights</source>
        <translation>||dL/dW|| 权重梯度</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/gradient_flow.py" line="345"/>
        <source>||dL/dh|| signal</source>
        <translation>||dL/dh|| 回传信号</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/gradient_flow.py" line="366"/>
        <source>▼ vanishing &lt; 1e-5</source>
        <translation>▼ 消失 &lt; 1e-5</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/gradient_flow.py" line="367"/>
        <source>▲ exploding &gt; 1e+2</source>
        <translation>▲ 爆炸 &gt; 1e+2</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/gradient_flow.py" line="540"/>
        <source>axis %1 … %2, fitted to the data</source>
        <translation>坐标轴 %1 … %2，随数据调整</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/gradient_flow.py" line="632"/>
        <source>α = 0</source>
        <translation>α = 0</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/gradient_flow.py" line="633"/>
        <source>dead</source>
        <translation>死亡</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/gradient_flow.py" line="634"/>
        <source>0</source>
        <translation>0</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/gradient_flow.py" line="368"/>
        <source>healthy</source>
        <translation>正常</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="142"/>
        <source>first/last = %1</source>
        <translation>首层/末层 = %1</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="169"/>
        <source>layer %1 is dead</source>
        <translation>第 %1 层已死亡</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="171"/>
        <source>layers %1 are dead</source>
        <translation>第 %1 层已死亡</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="149"/>
        <source>no ratio: the gradient is not finite (the run diverged)</source>
        <translation>无比值：梯度不是有限值（训练已发散）</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="132"/>
        <source>block %1: branch off (ReZero α = 0)</source>
        <translation>第 %1 块：分支关闭（ReZero α = 0）</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="133"/>
        <source>blocks %1: branch off (ReZero α = 0)</source>
        <translation>第 %1 块：分支关闭（ReZero α = 0）</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="151"/>
        <location filename="../../bpviz/ui/plots/texts.py" line="161"/>
        <source>no gradient reaches layer 1: %1</source>
        <translation>没有梯度到达第 1 层：%1</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="152"/>
        <source>it underflowed to 0</source>
        <translation>它下溢为 0</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="154"/>
        <source>layer %1</source>
        <translation>第 %1 层</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="155"/>
        <source>the last layer</source>
        <translation>最后一层</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="156"/>
        <source>no gradient in %1</source>
        <translation>%1 没有梯度</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="157"/>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="162"/>
        <source>no layer gets a gradient</source>
        <translation>没有任何层得到梯度</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="163"/>
        <source>no layers</source>
        <translation>没有层</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/gradient_flow.py" line="536"/>
        <source>diverged at step %1 (%2)</source>
        <translation>第 %1 步发散（%2）</translation>
    </message>
</context>
<context>
    <name>GradientHeatmapPlot</name>
    <message>
        <location filename="../../bpviz/ui/plots/gradient_heatmap.py" line="211"/>
        <source>Gradient flow over time</source>
        <translation>梯度流随时间的变化</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/gradient_heatmap.py" line="214"/>
        <source>Flow over time</source>
        <translation>随时间的梯度流</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/gradient_heatmap.py" line="217"/>
        <source>Dark spreading from the input layers (bottom) = vanishing gradients; the colour bar marks ▼ 1e-5 and ▲ 1e+2; lines mark your changes.</source>
        <translation>深色从输入层（底部）向上蔓延 = 梯度消失；色标上标出 ▼ 1e-5 和 ▲ 1e+2；竖线标出你做的改动。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/gradient_heatmap.py" line="222"/>
        <source>training step</source>
        <translation>训练步数</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/gradient_heatmap.py" line="223"/>
        <source>layer (1 = input side, bottom)</source>
        <translation>层（1 = 输入端，在底部）</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/gradient_heatmap.py" line="227"/>
        <source>||dL/dW|| (log colour scale)</source>
        <translation>||dL/dW||（对数色标）</translation>
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
        <translation>%1：%2</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/gradient_heatmap.py" line="257"/>
        <source>No steps recorded yet: press Train or Step.</source>
        <translation>还没有记录任何一步：请按“训练”或“单步”。</translation>
    </message>
</context>
<context>
    <name>GradientHistogramPlot</name>
    <message>
        <location filename="../../bpviz/ui/plots/gradient_histogram.py" line="133"/>
        <location filename="../../bpviz/ui/plots/gradient_histogram.py" line="180"/>
        <source>All layers (ridge)</source>
        <translation>所有层（山脊图）</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/gradient_histogram.py" line="135"/>
        <location filename="../../bpviz/ui/plots/gradient_histogram.py" line="181"/>
        <source>Layer %1</source>
        <translation>第 %1 层</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/gradient_histogram.py" line="151"/>
        <source>Gradient histogram of layer %1</source>
        <translation>第 %1 层的梯度直方图</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/gradient_histogram.py" line="153"/>
        <source>Gradient histograms per layer (%1 of %2 layers shown)</source>
        <translation>逐层梯度直方图（显示 %2 层中的 %1 层）</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/gradient_histogram.py" line="155"/>
        <source>Gradient histograms per layer</source>
        <translation>逐层梯度直方图</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/gradient_histogram.py" line="158"/>
        <source>Histograms</source>
        <translation>直方图</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/gradient_histogram.py" line="161"/>
        <source>Curves that sit decades further left toward the input (layer 1) show the gradient vanishing on its way back.</source>
        <translation>越靠近输入端（第 1 层），曲线越往左移好几个数量级：这就是梯度在反向传播途中逐渐消失。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/gradient_histogram.py" line="165"/>
        <source>|dL/dh| of each unit and sample (log scale)</source>
        <translation>每个单元、每个样本的 |dL/dh|（对数刻度）</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/gradient_histogram.py" line="167"/>
        <source>layer (1 = input side)</source>
        <translation>层（1 = 输入端）</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/gradient_histogram.py" line="168"/>
        <source>share of entries per half decade (%)</source>
        <translation>每半个数量级内的占比（%）</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/gradient_histogram.py" line="174"/>
        <source>Show:</source>
        <translation>显示：</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/gradient_histogram.py" line="175"/>
        <source>All layers stacked (a ridge), or one layer&apos;s histogram of |dL/dh|</source>
        <translation>所有层叠放（山脊图），或单独一层的 |dL/dh| 直方图</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/gradient_histogram.py" line="177"/>
        <source>Layer shown in the gradient histogram</source>
        <translation>梯度直方图显示的层</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/gradient_histogram.py" line="183"/>
        <source>layer</source>
        <translation>层</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/gradient_histogram.py" line="195"/>
        <source>A (colour = layer)</source>
        <translation>A（颜色 = 层）</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/gradient_histogram.py" line="196"/>
        <source>B (dashed)</source>
        <translation>B（虚线）</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/gradient_histogram.py" line="200"/>
        <source>A: layer %1</source>
        <translation>A：第 %1 层</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/gradient_histogram.py" line="201"/>
        <source>B: layer %1</source>
        <translation>B：第 %1 层</translation>
    </message>
</context>
<context>
    <name>JacobianPlot</name>
    <message>
        <location filename="../../bpviz/ui/plots/jacobian.py" line="153"/>
        <source>Why: the chain rule, layer by layer</source>
        <translation>原因：逐层看链式法则</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/jacobian.py" line="156"/>
        <source>Why: chain rule</source>
        <translation>原因：链式法则</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/jacobian.py" line="159"/>
        <source>Factors below 1 shrink the product exponentially toward the input, factors above 1 grow it — the chain rule at work.</source>
        <translation>因子小于 1 时，乘积朝输入端呈指数级缩小；因子大于 1 时则增大——这正是链式法则在起作用。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/jacobian.py" line="163"/>
        <source>layer (1 = input side → output side)</source>
        <translation>层（1 = 输入端 → 输出端）</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/jacobian.py" line="164"/>
        <source>factor, product</source>
        <translation>因子，乘积</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/jacobian.py" line="171"/>
        <source>factor</source>
        <translation>因子</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/jacobian.py" line="172"/>
        <source>product</source>
        <translation>乘积</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/jacobian.py" line="174"/>
        <source>factor per layer</source>
        <translation>每层因子</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/jacobian.py" line="175"/>
        <source>product back to layer l</source>
        <translation>回传到第 l 层的乘积</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/jacobian.py" line="178"/>
        <source>Bars: the factor per layer, the mean singular value of the layer&apos;s Jacobian dh_l/dh_(l-1). Line: the product of these factors from the output back to layer l.</source>
        <translation>柱：每层因子，即该层雅可比矩阵 dh_l/dh_(l-1) 的平均奇异值。线：从输出端回传到第 l 层的这些因子的乘积。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/jacobian.py" line="191"/>
        <source>1 = signal preserved</source>
        <translation>1 = 信号保持不变</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/jacobian.py" line="325"/>
        <source>No layer Jacobians yet.</source>
        <translation>还没有各层的雅可比矩阵。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/jacobian.py" line="327"/>
        <source>They are costly, so they are computed every few frames;</source>
        <translation>它们计算代价较高，所以每隔几帧才计算一次；</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/jacobian.py" line="328"/>
        <source>press Train or Step and they appear here.</source>
        <translation>按“训练”或“单步”后就会显示在这里。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/jacobian.py" line="349"/>
        <source>product at layer 1 = %1 (factor &lt; 1 at %2/%3 layers)</source>
        <translation>第 1 层处的乘积 = %1（%2/%3 层的因子 &lt; 1）</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/jacobian.py" line="352"/>
        <source>from step %1</source>
        <translation>（第 %1 步的数据）</translation>
    </message>
</context>
<context>
    <name>LessonPanel</name>
    <message>
        <location filename="../../bpviz/ui/lesson_panel.py" line="107"/>
        <source>Choose a lesson…</source>
        <translation>选择一节课…</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/lesson_panel.py" line="108"/>
        <source>Each lesson is one claim of the article as an experiment: network A shows the problem, network B the remedy.</source>
        <translation>每节课把文章中的一个论断做成实验：网络 A 展示问题，网络 B 展示补救办法。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/lesson_panel.py" line="110"/>
        <source>Lesson</source>
        <translation>课程</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/lesson_panel.py" line="111"/>
        <location filename="../../bpviz/ui/lesson_panel.py" line="113"/>
        <source>Run lesson</source>
        <translation>运行课程</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/lesson_panel.py" line="112"/>
        <source>Train networks A and B side by side.</source>
        <translation>并排训练网络 A 和 B。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/lesson_panel.py" line="114"/>
        <source>Lesson verdict</source>
        <translation>课程结论</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/lesson_panel.py" line="146"/>
        <source>Lesson: step {step} of {steps}, then the verdict.</source>
        <translation>课程：第 {step} 步，共 {steps} 步，之后给出结论。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/lesson_panel.py" line="151"/>
        <source>Not checked: the settings were changed during the run, so the numbers are not the lesson&apos;s. Run lesson starts it again with its own settings.</source>
        <translation>未检验：运行中改动了设置，这些数值已不属于这一课。点“运行课程”会用课程自己的设置重新开始。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/lesson_panel.py" line="153"/>
        <source>Not checked: both networks diverged at step {step}, before the lesson&apos;s {steps} steps.</source>
        <translation>未检验：两个网络都在第 {step} 步发散了，没能训练到本课的 {steps} 步。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/lesson_panel.py" line="156"/>
        <source>{mark} Verdict after {steps} steps: the lesson&apos;s claim holds.</source>
        <translation>{mark} {steps} 步后的结论：本课的结论成立。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/lesson_panel.py" line="158"/>
        <source>{mark} Verdict after {steps} steps: the lesson&apos;s claim does NOT hold.</source>
        <translation>{mark} {steps} 步后的结论：本课的结论不成立。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/lesson_panel.py" line="168"/>
        <source>The checks behind the verdict:</source>
        <translation>结论所依据的检查：</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/lesson_panel.py" line="185"/>
        <source>{side} {value} (needs {op} {bound}) {mark}</source>
        <translation>{side} {value}（要求 {op} {bound}）{mark}</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/lesson_panel.py" line="188"/>
        <source>at the start</source>
        <translation>开始时</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/lesson_panel.py" line="189"/>
        <source>after {steps} steps</source>
        <translation>{steps} 步后</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/lesson_panel.py" line="191"/>
        <source>{mark} {metric} {when}: {parts}</source>
        <translation>{mark} {when}的{metric}：{parts}</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/lesson_panel.py" line="196"/>
        <source>gradient ratio first/last layer</source>
        <translation>第一层与最后一层的梯度之比</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/lesson_panel.py" line="197"/>
        <source>signal-gradient ratio first/last layer</source>
        <translation>第一层与最后一层的信号梯度之比</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/lesson_panel.py" line="198"/>
        <source>gradient norm of layer 1</source>
        <translation>第 1 层的梯度范数</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/lesson_panel.py" line="199"/>
        <source>gradient norm of the last layer</source>
        <translation>最后一层的梯度范数</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/lesson_panel.py" line="200"/>
        <source>largest gradient norm</source>
        <translation>最大梯度范数</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/lesson_panel.py" line="201"/>
        <source>training loss</source>
        <translation>训练损失</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/lesson_panel.py" line="202"/>
        <source>test accuracy</source>
        <translation>测试准确率</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/lesson_panel.py" line="203"/>
        <source>test accuracy (mean of the last 100 steps)</source>
        <translation>测试准确率（最近 100 步的平均值）</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/lesson_panel.py" line="204"/>
        <source>training accuracy</source>
        <translation>训练准确率</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/lesson_panel.py" line="205"/>
        <source>diverged (1 = yes)</source>
        <translation>是否发散（1 = 是）</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/lesson_panel.py" line="206"/>
        <source>fraction of dead ReLU units</source>
        <translation>死亡 ReLU 单元的比例</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/lesson_panel.py" line="207"/>
        <source>fraction of units with negative input</source>
        <translation>输入为负的单元比例</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/lesson_panel.py" line="208"/>
        <source>fraction of saturated units</source>
        <translation>饱和单元的比例</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/lesson_panel.py" line="209"/>
        <source>weight norm</source>
        <translation>权重范数</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/lesson_panel.py" line="210"/>
        <source>Jacobian product at layer 1</source>
        <translation>第 1 层处的雅可比乘积</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/lesson_panel.py" line="211"/>
        <source>Jacobian factor per layer</source>
        <translation>每层的雅可比因子</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/lesson_panel.py" line="212"/>
        <source>Jacobian spread (largest / smallest singular value)</source>
        <translation>雅可比离散度（最大/最小奇异值）</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/lesson_panel.py" line="213"/>
        <source>predicted signal-gradient ratio</source>
        <translation>预测的信号梯度之比</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/lesson_panel.py" line="214"/>
        <source>measured / predicted signal-gradient ratio</source>
        <translation>实测/预测的信号梯度之比</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/lesson_panel.py" line="224"/>
        <source>&lt;h3&gt;Why do gradients vanish?&lt;/h3&gt;&lt;p&gt;Backprop multiplies one factor per layer. With sigmoid each factor is at most sigmoid&apos;(z) = a(1−a) ≤ 0.25, so in a deep sigmoid network (the default has 10 layers) the layers near the input get almost no gradient: the short blue bars on the left of &lt;b&gt;Gradient flow&lt;/b&gt;.&lt;/p&gt;&lt;p&gt;Press &lt;b&gt;Train&lt;/b&gt;, then switch on a remedy on the left (ReLU, residual connections, batch normalization) and watch the bars rise. Or pick a lesson above.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;梯度为什么会消失？&lt;/h3&gt;&lt;p&gt;反向传播每经过一层就乘上一个因子。用 sigmoid 时每个因子最多为 sigmoid&apos;(z) = a(1−a) ≤ 0.25，所以在很深的 sigmoid 网络中（默认有 10 层），靠近输入端的层几乎得不到梯度：也就是&lt;b&gt;梯度流&lt;/b&gt;图左侧那些又矮又蓝的柱子。&lt;/p&gt;&lt;p&gt;按&lt;b&gt;训练&lt;/b&gt;，然后在左侧打开一项补救措施（ReLU、残差连接、批量归一化），看柱子升起来。也可以在上方选一节课。&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/lesson_panel.py" line="243"/>
        <source>What to watch:</source>
        <translation>观察要点：</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/lesson_panel.py" line="244"/>
        <source>Try this:</source>
        <translation>动手试试：</translation>
    </message>
</context>
<context>
    <name>LossPlot</name>
    <message>
        <location filename="../../bpviz/ui/plots/loss.py" line="81"/>
        <source>Loss and accuracy</source>
        <translation>损失与准确率</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/loss.py" line="84"/>
        <source>Loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/loss.py" line="89"/>
        <source>A loss stuck near ln 2 = 0.69 and accuracy near 50 % means the early layers are not learning: look at the gradient plots.</source>
        <translation>损失停在 ln 2 = 0.69 附近、准确率停在 50% 附近，说明前面几层没有在学习：请看梯度图。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/loss.py" line="92"/>
        <source>A loss stuck near ln %1 = %2 and accuracy near %3 % (a guess among %1 classes) means the early layers are not learning: look at the gradient plots.</source>
        <translation>损失停在 ln %1 = %2 附近、准确率停在 %3% 附近（在 %1 个类别中瞎猜），说明前面几层没有在学习：请看梯度图。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/loss.py" line="98"/>
        <source>training step</source>
        <translation>训练步数</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/loss.py" line="98"/>
        <source>train loss (nats)</source>
        <translation>训练损失（奈特）</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/loss.py" line="101"/>
        <source>accuracy (%)</source>
        <translation>准确率（%）</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/loss.py" line="104"/>
        <source>train loss</source>
        <translation>训练损失</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/loss.py" line="104"/>
        <source>train accuracy</source>
        <translation>训练准确率</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/loss.py" line="105"/>
        <source>test accuracy</source>
        <translation>测试准确率</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/loss.py" line="121"/>
        <source>A: %1</source>
        <translation>A：%1</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/loss.py" line="126"/>
        <source>B: %1</source>
        <translation>B：%1</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../bpviz/ui/main_window.py" line="229"/>
        <source>Network builder</source>
        <translation>网络构建器</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/main_window.py" line="230"/>
        <source>Lesson</source>
        <translation>课程</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/main_window.py" line="259"/>
        <source>bpviz — backprop gradient lab</source>
        <translation>bpviz — 反向传播梯度实验室</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/main_window.py" line="262"/>
        <source>Deep sigmoid on spirals</source>
        <translation>深层 sigmoid 网络（螺旋数据）</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/main_window.py" line="263"/>
        <source>bpviz — {name}</source>
        <translation>bpviz — {name}</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/main_window.py" line="356"/>
        <source>Lesson loaded: press Run lesson (or Space) to train A and B.</source>
        <translation>课程已载入：按“运行课程”（或空格键）开始训练 A 和 B。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/main_window.py" line="499"/>
        <source>Training diverged: press Reset (R) to start again.</source>
        <translation>训练已发散：按“重置”（R）重新开始。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/main_window.py" line="533"/>
        <source>Cannot load lesson</source>
        <translation>无法载入课程</translation>
    </message>
</context>
<context>
    <name>NetworkDiagramPlot</name>
    <message>
        <location filename="../../bpviz/ui/plots/network_diagram.py" line="297"/>
        <source>Backward pass through the network</source>
        <translation>网络中的反向传播</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/network_diagram.py" line="300"/>
        <source>Network</source>
        <translation>网络</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/network_diagram.py" line="303"/>
        <source>The pulse carries the gradient from the output back to the input: thin, faint lines near the input = vanishing gradient.</source>
        <translation>光点把梯度从输出端带回输入端：靠近输入端的连线又细又淡 = 梯度消失。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/network_diagram.py" line="314"/>
        <source>||dL/dW|| &lt; 1e-5: vanishing</source>
        <translation>||dL/dW|| &lt; 1e-5：消失</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/network_diagram.py" line="315"/>
        <source>healthy</source>
        <translation>正常</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/network_diagram.py" line="316"/>
        <source>&gt; 1e+2: exploding</source>
        <translation>&gt; 1e+2：爆炸</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/network_diagram.py" line="322"/>
        <source>◀ gradient flows backward: output → input</source>
        <translation>◀ 梯度反向流动：输出 → 输入</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/network_diagram.py" line="474"/>
        <source>input</source>
        <translation>输入</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/network_diagram.py" line="475"/>
        <source>output</source>
        <translation>输出</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/network_diagram.py" line="480"/>
        <source>showing %1 of %2 hidden layers, evenly spaced</source>
        <translation>均匀抽取显示 %2 个隐藏层中的 %1 个</translation>
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
        <translation>批量归一化</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/phase_diagram.py" line="78"/>
        <source>layer norm</source>
        <translation>层归一化</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/phase_diagram.py" line="79"/>
        <source>residual connections</source>
        <translation>残差连接</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/phase_diagram.py" line="314"/>
        <source>Phase diagram: χ₁ per layer</source>
        <extracomment>(sigma_w2, sigma_b2) the user clicked (snapped): the window gives network A that point</extracomment>
        <translation>相图：每层的 χ₁</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/phase_diagram.py" line="317"/>
        <source>Phase diagram</source>
        <translation>相图</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/phase_diagram.py" line="320"/>
        <source>Before training: blue = gradients vanish (χ₁ &lt; 1), orange = they explode (χ₁ &gt; 1), the line is the edge of chaos χ₁ = 1. Click a point to give network A its σ_w² and σ_b² (init gain and bias std: the network is rebuilt).</source>
        <translation>训练之前：蓝色 = 梯度消失（χ₁ &lt; 1），橙色 = 梯度爆炸（χ₁ &gt; 1），曲线是混沌边缘 χ₁ = 1。单击一点，网络 A 就取该点的 σ_w² 和 σ_b²（初始化增益和偏置初始标准差：网络会重建）。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/phase_diagram.py" line="326"/>
        <source>weight variance σ_w² = fan_in · Var(W)</source>
        <translation>权重方差 σ_w² = fan_in · Var(W)</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/phase_diagram.py" line="327"/>
        <source>bias variance σ_b²</source>
        <translation>偏置方差 σ_b²</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/phase_diagram.py" line="344"/>
        <source>χ₁ of %1 (log scale)</source>
        <translation>%1 的 χ₁（对数刻度）</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/phase_diagram.py" line="345"/>
        <source>χ₁ (log scale)</source>
        <translation>χ₁（对数刻度）</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/phase_diagram.py" line="350"/>
        <source>vanishing</source>
        <translation>梯度消失</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/phase_diagram.py" line="351"/>
        <source>(ordered)</source>
        <translation>（有序相）</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/phase_diagram.py" line="352"/>
        <source>exploding</source>
        <translation>梯度爆炸</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/phase_diagram.py" line="353"/>
        <source>(chaotic)</source>
        <translation>（混沌相）</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/phase_diagram.py" line="354"/>
        <source>χ₁ = 1:</source>
        <translation>χ₁ = 1：</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/phase_diagram.py" line="355"/>
        <source>edge of chaos</source>
        <translation>混沌边缘</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/phase_diagram.py" line="398"/>
        <source>A has %1: this map is for plain networks, its χ₁ does not apply to A</source>
        <translation>A 使用了%1：这张图只适用于普通网络，图中的 χ₁ 不适用于 A</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/phase_diagram.py" line="407"/>
        <source>B uses %1: its point is on the map of %1</source>
        <translation>B 使用 %1：它的点在 %1 的相图上</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/phase_diagram.py" line="443"/>
        <source>%1: the edge of chaos lies at σ_w² ≈ %2, far right of this map: every point here is ordered (gradients vanish).</source>
        <translation>%1：混沌边缘位于 σ_w² ≈ %2，远在本图右侧之外：图中每一点都处于有序相（梯度消失）。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/phase_diagram.py" line="520"/>
        <source>%1: χ₁ measured %2</source>
        <translation>%1：χ₁ 实测 %2</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/phase_diagram.py" line="523"/>
        <source>%1: χ₁ = %2, measured %3</source>
        <translation>%1：χ₁ = %2，实测 %3</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/phase_diagram.py" line="532"/>
        <source>off the map: %1</source>
        <translation>在图外：%1</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/phase_diagram.py" line="581"/>
        <source>σ_w² = %1, σ_b² = %2</source>
        <translation>σ_w² = %1，σ_b² = %2</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/phase_diagram.py" line="583"/>
        <source>χ₁ = %1 per layer, depth scale ξ = %2 layers</source>
        <translation>每层 χ₁ = %1，深度尺度 ξ = %2 层</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/phase_diagram.py" line="585"/>
        <source>a depth-%1 network keeps a first/last gradient ratio of about χ₁^(%1/2) ≈ %2</source>
        <translation>深度为 %1 的网络，首层/末层梯度比值约为 χ₁^(%1/2) ≈ %2</translation>
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
        <translation>SGD + 动量</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="92"/>
        <source>Adam</source>
        <translation>Adam</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="101"/>
        <source>hidden layer %1</source>
        <translation>隐藏层 %1</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="102"/>
        <source>output layer</source>
        <translation>输出层</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="102"/>
        <location filename="../../bpviz/ui/plots/texts.py" line="109"/>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="108"/>
        <source>activation</source>
        <translation>激活值</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="110"/>
        <source>weight</source>
        <translation>权重</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="111"/>
        <source>weight gradient</source>
        <translation>权重梯度</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="112"/>
        <source>bias gradient</source>
        <translation>偏置梯度</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="113"/>
        <source>signal gradient</source>
        <translation>回传信号梯度</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="114"/>
        <source>gradient</source>
        <translation>梯度</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="115"/>
        <source>gradient norm</source>
        <translation>梯度范数</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="180"/>
        <source>stopped at step %1 (diverged)</source>
        <translation>停在第 %1 步（已发散）</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="186"/>
        <source>%1 on</source>
        <translation>%1 开</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="186"/>
        <source>%1 off</source>
        <translation>%1 关</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="191"/>
        <location filename="../../bpviz/ui/plots/texts.py" line="192"/>
        <source>%1 layers</source>
        <translation>%1 层</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="196"/>
        <source>residual</source>
        <translation>残差连接</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="197"/>
        <source>batch norm</source>
        <translation>批量归一化</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="203"/>
        <source>no clipping</source>
        <translation>不裁剪</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="204"/>
        <source>clip %1</source>
        <translation>裁剪 %1</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/texts.py" line="206"/>
        <location filename="../../bpviz/ui/plots/texts.py" line="207"/>
        <source>lr %1</source>
        <translation>学习率 %1</translation>
    </message>
</context>
<context>
    <name>PredictionOverlay</name>
    <message>
        <location filename="../../bpviz/ui/plots/prediction.py" line="49"/>
        <source>batch normalization rescales every layer to unit variance, which replaces the variance recursion</source>
        <extracomment>dash patterns (in pen widths): A&apos;s prediction in long dashes, B&apos;s in dash-dot, both unlike the measured lines</extracomment>
        <translation>批量归一化把每一层重新缩放到单位方差，取代了方差的递推关系</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/prediction.py" line="51"/>
        <source>layer normalization rescales every example to unit variance, which replaces the variance recursion</source>
        <translation>层归一化把每个样本重新缩放到单位方差，取代了方差的递推关系</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/prediction.py" line="53"/>
        <source>residual connections add an identity path, so the gradient is not a product of plain layer factors</source>
        <translation>残差连接增加了一条恒等通路，所以梯度不再是各个普通层因子的连乘积</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/prediction.py" line="62"/>
        <source>batch norm</source>
        <translation>批量归一化</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/prediction.py" line="63"/>
        <source>layer norm</source>
        <translation>层归一化</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/prediction.py" line="64"/>
        <source>residual connections</source>
        <translation>残差连接</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/prediction.py" line="234"/>
        <source>Show mean-field prediction</source>
        <translation>显示平均场预测</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/prediction.py" line="235"/>
        <source>Draw the ||dL/dh|| per layer that mean-field theory predicts for the untrained network, over the measured line.</source>
        <translation>在实测折线上画出平均场理论对未训练网络预测的每层 ||dL/dh||。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/prediction.py" line="242"/>
        <source>A: ||dL/dh|| predicted</source>
        <translation>A：||dL/dh|| 预测</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/prediction.py" line="243"/>
        <source>B: ||dL/dh|| predicted</source>
        <translation>B：||dL/dh|| 预测</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/prediction.py" line="244"/>
        <source>||dL/dh|| predicted at init</source>
        <translation>||dL/dh|| 初始化时的预测</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/prediction.py" line="375"/>
        <source>no prediction:</source>
        <translation>无预测：</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/prediction.py" line="378"/>
        <source>no mean-field prediction: %1</source>
        <translation>无平均场预测：%1</translation>
    </message>
</context>
<context>
    <name>RecurrentSection</name>
    <message>
        <location filename="../../bpviz/ui/recurrent_builder.py" line="145"/>
        <location filename="../../bpviz/ui/recurrent_builder.py" line="148"/>
        <source>Model</source>
        <extracomment>the λ₁ slider: 0.10 ... 3.00 in steps of 0.05 (the config allows more; typed values outside are kept) feed-forward settings that do nothing for a recurrent model: the builder hides their controls</extracomment>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/recurrent_builder.py" line="146"/>
        <source>Recurrent network</source>
        <translation>循环神经网络</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/recurrent_builder.py" line="149"/>
        <source>Cell</source>
        <translation>单元</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/recurrent_builder.py" line="150"/>
        <source>Hidden size H</source>
        <translation>隐藏状态大小 H</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/recurrent_builder.py" line="151"/>
        <source>Sequence length T</source>
        <translation>序列长度 T</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/recurrent_builder.py" line="152"/>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/recurrent_builder.py" line="153"/>
        <source>Symbols</source>
        <translation>符号数</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/recurrent_builder.py" line="154"/>
        <source>Initialization</source>
        <translation>初始化</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/recurrent_builder.py" line="155"/>
        <source>λ₁ of W_hh</source>
        <translation>W_hh 的 λ₁</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/recurrent_builder.py" line="156"/>
        <source>Forget-gate bias</source>
        <translation>遗忘门偏置</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/recurrent_builder.py" line="161"/>
        <source>feed-forward (layers)</source>
        <translation>前馈（逐层）</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/recurrent_builder.py" line="162"/>
        <source>recurrent (time steps)</source>
        <translation>循环（逐时间步）</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/recurrent_builder.py" line="163"/>
        <source>vanilla RNN (tanh)</source>
        <translation>普通 RNN（tanh）</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/recurrent_builder.py" line="163"/>
        <source>vanilla RNN (ReLU)</source>
        <translation>普通 RNN（ReLU）</translation>
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
        <translation>记住第一个符号</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/recurrent_builder.py" line="166"/>
        <source>adding problem</source>
        <translation>加法问题</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/recurrent_builder.py" line="167"/>
        <source>PyTorch default U(±1/√H)</source>
        <translation>PyTorch 默认 U(±1/√H)</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/recurrent_builder.py" line="168"/>
        <source>orthogonal W_hh</source>
        <translation>正交 W_hh</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/recurrent_builder.py" line="169"/>
        <source>Set λ₁ (spectral radius of W_hh)</source>
        <translation>设定 λ₁（W_hh 的谱半径）</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/recurrent_builder.py" line="170"/>
        <location filename="../../bpviz/ui/recurrent_builder.py" line="208"/>
        <source>Set the forget-gate bias</source>
        <translation>设定遗忘门偏置</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/recurrent_builder.py" line="173"/>
        <source>Feed-forward: the gradient travels back through stacked layers. Recurrent: one layer applied at every time step, so the gradient travels back through time (backpropagation through time).</source>
        <translation>前馈：梯度沿着堆叠的层反向传播。循环：同一层在每个时间步都被使用一次，所以梯度沿着时间反向传播（随时间反向传播，BPTT）。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/recurrent_builder.py" line="176"/>
        <source>Vanilla RNN: h_t = tanh(W_ih x_t + W_hh h_(t-1) + b). LSTM and GRU add gates; the LSTM&apos;s cell c_t = f·c_(t-1) + i·g passes the gradient back multiplied only by the forget gate f.</source>
        <translation>普通 RNN：h_t = tanh(W_ih x_t + W_hh h_(t-1) + b)。LSTM 和 GRU 增加了门；LSTM 的细胞状态 c_t = f·c_(t-1) + i·g 在反向传播梯度时只乘以遗忘门 f。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/recurrent_builder.py" line="178"/>
        <source>H, the number of units of the hidden state h_t.</source>
        <translation>H：隐藏状态 h_t 的单元数。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/recurrent_builder.py" line="180"/>
        <source>T, the number of time steps: the gradient that teaches step 1 is a product of T - 1 factors.</source>
        <translation>T：时间步数。教会第 1 步的梯度是 T - 1 个因子的乘积。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/recurrent_builder.py" line="182"/>
        <source>Remember the first symbol: the class is the first of T symbols, the rest are noise. Adding problem: is the sum of the two marked numbers above 1?</source>
        <translation>记住第一个符号：类别就是 T 个符号中的第一个，其余都是干扰。加法问题：两个被标记的数之和是否大于 1？</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/recurrent_builder.py" line="184"/>
        <source>How many different symbols (and classes) the first-symbol task has.</source>
        <translation>“记住第一个符号”任务中不同符号（即类别）的个数。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/recurrent_builder.py" line="186"/>
        <source>PyTorch&apos;s default draws every weight from U(±1/√H); orthogonal makes each block of W_hh an orthogonal matrix (every singular value 1).</source>
        <translation>PyTorch 的默认初始化从 U(±1/√H) 中抽取每个权重；正交初始化让 W_hh 的每个块都是正交矩阵（所有奇异值都为 1）。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/recurrent_builder.py" line="189"/>
        <source>Rescales W_hh so that its largest |eigenvalue| is λ₁. Through time the gradient shrinks or grows by about λ₁·γ per step (γ: the mean tanh&apos;): below 1 it vanishes, well above 1 it explodes. Live: moving it while training rescales the current W_hh.</source>
        <translation>缩放 W_hh，使其最大的 |特征值| 为 λ₁。沿着时间，梯度每一步大约缩小或放大 λ₁·γ 倍（γ：tanh&apos; 的平均值）：小于 1 时梯度消失，远大于 1 时梯度爆炸。实时生效：训练中移动滑块会缩放当前的 W_hh。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/recurrent_builder.py" line="193"/>
        <source>Starts the LSTM&apos;s forget gate (the GRU&apos;s update gate) at this bias: 1.0 (Jozefowicz et al. 2015) gives f ≈ 0.73, 4.0 gives f ≈ 0.98, so the cell keeps its content and its gradient.</source>
        <translation>以此偏置初始化 LSTM 的遗忘门（GRU 的更新门）：1.0（Jozefowicz 等，2015）给出 f ≈ 0.73，4.0 给出 f ≈ 0.98，于是细胞状态能保留其内容和梯度。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/recurrent_builder.py" line="196"/>
        <source>Changing it rebuilds the network (new weights, step 0).</source>
        <translation>修改它会重建网络（新的权重，回到第 0 步）。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/recurrent_builder.py" line="206"/>
        <source>Set λ₁</source>
        <translation>设定 λ₁</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/recurrent_builder.py" line="291"/>
        <source>off</source>
        <translation>关</translation>
    </message>
</context>
<context>
    <name>RecurrentView</name>
    <message>
        <location filename="../../bpviz/ui/plots/recurrent.py" line="57"/>
        <source>The inputs are sequences, not points of a plane: there is no boundary to draw.</source>
        <extracomment>plots that draw a recurrent history with their own code</extracomment>
        <translation>输入是序列，而不是平面上的点：没有可画的决策边界。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/recurrent.py" line="59"/>
        <source>One recurrent layer is applied T times: the diagram of stacked layers does not apply. The gradient-flow plot shows the gradient at every time step instead.</source>
        <translation>同一个循环层被使用了 T 次：堆叠层的结构图不适用。梯度流图改为显示每个时间步的梯度。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/recurrent.py" line="62"/>
        <source>The layer Jacobians are those of stacked layers. Through time, the factor per step is about λ₁·γ: compare ‖dL/dh_t‖ of neighbouring steps in the gradient-flow plot.</source>
        <translation>逐层雅可比矩阵是针对堆叠层的。沿着时间，每一步的因子约为 λ₁·γ：请在梯度流图中比较相邻时间步的 ‖dL/dh_t‖。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/recurrent.py" line="65"/>
        <source>The phase diagram is the mean-field theory of deep feed-forward networks at initialization.</source>
        <translation>相图是深度前馈网络在初始化时的平均场理论。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/recurrent.py" line="69"/>
        <source>Not for recurrent networks</source>
        <translation>不适用于循环神经网络</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/recurrent.py" line="181"/>
        <source>Gradient through time ‖dL/dh_t‖</source>
        <translation>沿时间的梯度 ‖dL/dh_t‖</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/recurrent.py" line="182"/>
        <source>The loss reads the last hidden state h_T (right); what reaches t = 1 (left) is what can teach the network to remember its first input. A straight falling line on this log axis is a gradient shrinking by the same factor every step: about λ₁·γ for a vanilla RNN.</source>
        <translation>损失读取最后的隐藏状态 h_T（右侧）；到达 t = 1（左侧）的梯度，才能教会网络记住它的第一个输入。对数坐标上的一条下降直线，表示梯度每一步都以相同的倍数缩小：普通 RNN 约为 λ₁·γ。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/recurrent.py" line="186"/>
        <source>time step t (input side left)</source>
        <translation>时间步 t（输入端在左）</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/recurrent.py" line="187"/>
        <source>‖dL/dh_t‖</source>
        <translation>‖dL/dh_t‖</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/recurrent.py" line="189"/>
        <source>Gradient through time, over training</source>
        <translation>沿时间的梯度，随训练变化</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/recurrent.py" line="190"/>
        <source>Colour: log10 ‖dL/dh_t‖ per time step (up) and training step (right). Dark at the bottom means the early time steps never receive a gradient: the network forgets them.</source>
        <translation>颜色：每个时间步（纵向）和训练步（横向）的 log10 ‖dL/dh_t‖。底部颜色深，说明早期的时间步从未收到梯度：网络遗忘了它们。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/recurrent.py" line="193"/>
        <location filename="../../bpviz/ui/plots/recurrent.py" line="200"/>
        <source>training step</source>
        <translation>训练步</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/recurrent.py" line="194"/>
        <location filename="../../bpviz/ui/plots/recurrent.py" line="207"/>
        <location filename="../../bpviz/ui/plots/recurrent.py" line="214"/>
        <source>time step t</source>
        <translation>时间步 t</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/recurrent.py" line="196"/>
        <source>Update ratio (recurrent)</source>
        <translation>更新比（循环网络）</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/recurrent.py" line="197"/>
        <source>std(update)/std(W) of the input weights W_ih, the recurrent weights W_hh and the head; about 1e-3 (dashed) is healthy.</source>
        <translation>输入权重 W_ih、循环权重 W_hh 和输出头的 std(更新)/std(W)；约 1e-3（虚线）为健康。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/recurrent.py" line="201"/>
        <source>update ÷ weight</source>
        <translation>更新 ÷ 权重</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/recurrent.py" line="203"/>
        <source>Hidden states per time step</source>
        <translation>每个时间步的隐藏状态</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/recurrent.py" line="204"/>
        <source>Colour: the share of the hidden values h_t in each bin, per time step. Values piled at ±1 are saturated tanh units, whose derivative is near 0.</source>
        <translation>颜色：每个时间步中，隐藏值 h_t 落在各个区间的比例。堆积在 ±1 的值是饱和的 tanh 单元，其导数接近 0。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/recurrent.py" line="208"/>
        <source>h_t</source>
        <translation>h_t</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/recurrent.py" line="210"/>
        <source>Gradient histograms per time step</source>
        <translation>每个时间步的梯度直方图</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/recurrent.py" line="211"/>
        <source>Colour: the share of the entries of dL/dh_t in each decade, per time step: the whole distribution slides down towards t = 1 when the gradient vanishes.</source>
        <translation>颜色：每个时间步中，dL/dh_t 各分量落在各个数量级的比例：梯度消失时，整个分布朝 t = 1 方向整体下移。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/recurrent.py" line="215"/>
        <source>log10 |dL/dh_t|</source>
        <translation>log10 |dL/dh_t|</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/recurrent.py" line="216"/>
        <source>This plot is for feed-forward networks.</source>
        <translation>此图用于前馈网络。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/recurrent.py" line="262"/>
        <source>W_ih (input)</source>
        <translation>W_ih（输入）</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/recurrent.py" line="262"/>
        <source>W_hh (recurrent)</source>
        <translation>W_hh（循环）</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/recurrent.py" line="263"/>
        <source>head</source>
        <translation>输出头</translation>
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
A（实线）：{a}
B（虚线）：{b}</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/recurrent.py" line="321"/>
        <source>Train a few steps:
each column is one training step.</source>
        <translation>先训练几步：
每一列是一个训练步。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/recurrent.py" line="372"/>
        <source>computing…</source>
        <translation>计算中…</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <location filename="../../bpviz/ui/dialogs.py" line="101"/>
        <source>Right arrow</source>
        <translation>右方向键</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/dialogs.py" line="101"/>
        <source>Left arrow</source>
        <translation>左方向键</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/dialogs.py" line="102"/>
        <source>Up arrow</source>
        <translation>上方向键</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/dialogs.py" line="102"/>
        <source>Down arrow</source>
        <translation>下方向键</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/dialogs.py" line="103"/>
        <source>Space</source>
        <translation>空格键</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/dialogs.py" line="146"/>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/dialogs.py" line="147"/>
        <source>Keys</source>
        <translation>按键</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/dialogs.py" line="147"/>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/dialogs.py" line="157"/>
        <source>Space, Right and R do not fire while you type in a field.</source>
        <translation>在输入框中打字时，空格、右方向键和 R 不会触发快捷操作。</translation>
    </message>
</context>
<context>
    <name>TrainingShortcuts</name>
    <message>
        <location filename="../../bpviz/ui/shortcuts.py" line="63"/>
        <source>Train / pause</source>
        <translation>训练 / 暂停</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/shortcuts.py" line="63"/>
        <source>One training step</source>
        <translation>训练一步</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/shortcuts.py" line="64"/>
        <source>Reset: new weights, step 0</source>
        <translation>重置：重新初始化权重，回到第 0 步</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/shortcuts.py" line="65"/>
        <source>Presentation mode: the next plot</source>
        <translation>演示模式：下一个图</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/shortcuts.py" line="66"/>
        <source>Presentation mode: the previous plot</source>
        <translation>演示模式：上一个图</translation>
    </message>
</context>
<context>
    <name>TrainingToolBar</name>
    <message>
        <location filename="../../bpviz/ui/toolbar.py" line="134"/>
        <location filename="../../bpviz/ui/toolbar.py" line="174"/>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/toolbar.py" line="134"/>
        <location filename="../../bpviz/ui/toolbar.py" line="174"/>
        <source>Train</source>
        <translation>训练</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/toolbar.py" line="135"/>
        <source>Train or pause (Space): steps run in a background thread while the plots update about 30 times a second.</source>
        <translation>训练或暂停（空格键）：训练在后台线程中进行，图表每秒刷新约 30 次。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/toolbar.py" line="137"/>
        <source>Train or pause</source>
        <translation>训练或暂停</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/toolbar.py" line="138"/>
        <source>Step</source>
        <translation>单步</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/toolbar.py" line="139"/>
        <source>Exactly one training step (Right arrow); pauses training first.</source>
        <translation>只训练一步（右方向键）；会先暂停训练。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/toolbar.py" line="140"/>
        <source>One step</source>
        <translation>单步训练</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/toolbar.py" line="141"/>
        <location filename="../../bpviz/ui/toolbar.py" line="143"/>
        <source>Reset</source>
        <translation>重置</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/toolbar.py" line="142"/>
        <source>New weights from the seed, back to step 0 (R).</source>
        <translation>按随机种子重新初始化权重，回到第 0 步（R）。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/toolbar.py" line="144"/>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/toolbar.py" line="145"/>
        <source>Save the whole dashboard as a PNG image, for slides.</source>
        <translation>把整个仪表盘保存为 PNG 图片，用于幻灯片。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/toolbar.py" line="146"/>
        <source>Export dashboard as PNG</source>
        <translation>将仪表盘导出为 PNG</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/toolbar.py" line="147"/>
        <source>Speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/toolbar.py" line="148"/>
        <source>Training speed: from slow motion (1 step per second) to full speed.</source>
        <translation>训练速度：从慢动作（每秒 1 步）到全速。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/toolbar.py" line="150"/>
        <location filename="../../bpviz/ui/toolbar.py" line="151"/>
        <source>Training speed</source>
        <translation>训练速度</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/toolbar.py" line="152"/>
        <source>Training steps taken since the last reset.</source>
        <translation>自上次重置以来的训练步数。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/toolbar.py" line="153"/>
        <source>Step counter</source>
        <translation>步数计数</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/toolbar.py" line="154"/>
        <source>Training loss (mean cross-entropy) of the last step.</source>
        <translation>最近一步的训练损失（平均交叉熵）。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/toolbar.py" line="155"/>
        <source>Loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/toolbar.py" line="156"/>
        <source>Accuracy on the held-out test points.</source>
        <translation>在留出的测试样本上的准确率。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/toolbar.py" line="157"/>
        <source>Test accuracy</source>
        <translation>测试准确率</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/toolbar.py" line="158"/>
        <source>Training steps per second right now.</source>
        <translation>当前每秒训练的步数。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/toolbar.py" line="159"/>
        <source>Steps per second</source>
        <translation>每秒步数</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/toolbar.py" line="114"/>
        <location filename="../../bpviz/ui/toolbar.py" line="192"/>
        <source>full speed</source>
        <translation>全速</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/toolbar.py" line="114"/>
        <location filename="../../bpviz/ui/toolbar.py" line="194"/>
        <source>1 step/s</source>
        <translation>每秒 1 步</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/toolbar.py" line="114"/>
        <location filename="../../bpviz/ui/toolbar.py" line="196"/>
        <source>{n} steps/s</source>
        <translation>每秒 {n} 步</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/toolbar.py" line="207"/>
        <source>diverged</source>
        <translation>已发散</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/toolbar.py" line="223"/>
        <source>{n} steps/s (lesson start)</source>
        <translation>每秒 {n} 步（课程开头）</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/toolbar.py" line="108"/>
        <location filename="../../bpviz/ui/toolbar.py" line="233"/>
        <location filename="../../bpviz/ui/toolbar.py" line="237"/>
        <source>Step {step}</source>
        <translation>第 {step} 步</translation>
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
        <translation>损失 A {a} · B {b}</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/toolbar.py" line="103"/>
        <location filename="../../bpviz/ui/toolbar.py" line="210"/>
        <source>Test acc. A {a} · B {b}</source>
        <translation>测试准确率 A {a} · B {b}</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/toolbar.py" line="105"/>
        <location filename="../../bpviz/ui/toolbar.py" line="213"/>
        <source>Loss {value}</source>
        <translation>损失 {value}</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/toolbar.py" line="106"/>
        <location filename="../../bpviz/ui/toolbar.py" line="214"/>
        <source>Test acc. {value}</source>
        <translation>测试准确率 {value}</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/toolbar.py" line="109"/>
        <location filename="../../bpviz/ui/toolbar.py" line="215"/>
        <source>{rate} steps/s</source>
        <translation>每秒 {rate} 步</translation>
    </message>
</context>
<context>
    <name>UpdateRatioPlot</name>
    <message>
        <location filename="../../bpviz/ui/plots/update_ratio.py" line="91"/>
        <source>Update-to-data ratio per layer (%1 of %2 layers shown)</source>
        <translation>逐层更新/权重比（显示 %2 层中的 %1 层）</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/update_ratio.py" line="93"/>
        <source>Update-to-data ratio per layer</source>
        <translation>逐层更新/权重比</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/update_ratio.py" line="96"/>
        <source>Update ratio</source>
        <translation>更新比</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/update_ratio.py" line="99"/>
        <source>Healthy layers change their weights by ~1e-3 of their size per step; lines far below it are layers that have stopped learning.</source>
        <translation>正常的层每步让权重改变自身大小的约 1e-3；远低于这条线的层已经停止学习。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/update_ratio.py" line="103"/>
        <source>training step</source>
        <translation>训练步数</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/update_ratio.py" line="104"/>
        <source>std(lr · update) / std(W) (log scale)</source>
        <translation>std(lr · update) / std(W)（对数刻度）</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/update_ratio.py" line="107"/>
        <source>1e-3: healthy (Karpathy)</source>
        <translation>1e-3：正常（Karpathy）</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/update_ratio.py" line="114"/>
        <source>layer</source>
        <translation>层</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/update_ratio.py" line="123"/>
        <source>layer %1 (input side)</source>
        <translation>第 %1 层（输入端）</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/update_ratio.py" line="126"/>
        <source>layer %1 (output side)</source>
        <translation>第 %1 层（输出端）</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/update_ratio.py" line="130"/>
        <source>A: mean over layers</source>
        <translation>A：各层平均</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/plots/update_ratio.py" line="131"/>
        <source>B: mean over layers</source>
        <translation>B：各层平均</translation>
    </message>
</context>
<context>
    <name>WindowMenus</name>
    <message>
        <location filename="../../bpviz/ui/menus.py" line="72"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/menus.py" line="73"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/menus.py" line="74"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/menus.py" line="75"/>
        <source>Reset layout</source>
        <translation>恢复默认布局</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/menus.py" line="76"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/menus.py" line="77"/>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/menus.py" line="78"/>
        <source>About bpviz</source>
        <translation>关于 bpviz</translation>
    </message>
</context>
<context>
    <name>WorkerController</name>
    <message>
        <location filename="../../bpviz/ui/worker_controller.py" line="94"/>
        <source>A setting</source>
        <translation>某项设置</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/worker_controller.py" line="95"/>
        <source>{fields} changed: the network was rebuilt (new weights, step 0).</source>
        <translation>{fields} 已修改：网络已重建（重新初始化权重，回到第 0 步）。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/worker_controller.py" line="99"/>
        <source>Network {name} diverged at step {step} and stopped; {other} trains on.</source>
        <translation>网络 {name} 在第 {step} 步发散并停止；{other} 继续训练。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/worker_controller.py" line="102"/>
        <source>The lesson has finished: its verdict is in the lesson panel. Train goes on beyond it; Run lesson starts it again.</source>
        <translation>本课已结束：结论显示在课程面板中。点“训练”会继续训练下去；点“运行课程”会重新开始。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/worker_controller.py" line="105"/>
        <source>Network {name} diverged at step {step}: training paused.</source>
        <translation>网络 {name} 在第 {step} 步发散：训练已暂停。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/worker_controller.py" line="109"/>
        <source>Compare mode on: A and B restart at step 0 and train in lockstep.</source>
        <translation>对比模式已开启：A 和 B 从第 0 步重新开始，同步训练。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/worker_controller.py" line="110"/>
        <source>Compare mode off.</source>
        <translation>对比模式已关闭。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/worker_controller.py" line="113"/>
        <source>The training process has not answered for {seconds} s.</source>
        <translation>训练进程已有 {seconds} 秒没有响应。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/worker_controller.py" line="117"/>
        <source>The training process answers again (it was silent for {seconds} s).</source>
        <translation>训练进程又有响应了（曾沉默 {seconds} 秒）。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/worker_controller.py" line="120"/>
        <source>A new training process has started: step 0, paused.</source>
        <translation>新的训练进程已启动：第 0 步，已暂停。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/worker_controller.py" line="125"/>
        <source>in a new training process</source>
        <translation>在新的训练进程中</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/worker_controller.py" line="126"/>
        <source>inside the window (drawing may be slower)</source>
        <translation>在窗口进程内（绘图可能变慢）</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/worker_controller.py" line="127"/>
        <source>Training stopped: {error}. It starts again from step 0 {where}.</source>
        <translation>训练已停止：{error}。将{where}从第 0 步重新开始。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/worker_controller.py" line="129"/>
        <source>Training stopped: {error}</source>
        <translation>训练已停止：{error}</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/worker_controller.py" line="146"/>
        <source>Training is not responding</source>
        <translation>训练没有响应</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/worker_controller.py" line="147"/>
        <source>The training process has not answered for {seconds} s while it had work to do.</source>
        <translation>训练进程在有任务时已有 {seconds} 秒没有响应。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/worker_controller.py" line="151"/>
        <source>You can keep waiting, or restart it: training starts again from step 0 with the current settings, paused.</source>
        <translation>可以继续等待，或重新启动它：训练将以当前设置从第 0 步重新开始，并处于暂停状态。</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/worker_controller.py" line="154"/>
        <source>Restart training</source>
        <translation>重新启动训练</translation>
    </message>
    <message>
        <location filename="../../bpviz/ui/worker_controller.py" line="156"/>
        <source>Keep waiting</source>
        <translation>继续等待</translation>
    </message>
</context>
</TS>
