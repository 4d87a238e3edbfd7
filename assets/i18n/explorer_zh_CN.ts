<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
  <context>
    <name>explorer</name>
    <message>
      <source>Cannot write {path}: it is a symbolic link; choose the file it points to or another name.</source>
      <translation>无法写入 {path}：它是一个符号链接；请选择它指向的文件或另一个文件名。</translation>
    </message>
    <message>
      <source>Cannot write {path}: it is a directory, not a file.</source>
      <translation>无法写入 {path}：它是一个文件夹（目录），不是文件。</translation>
    </message>
    <message>
      <source>Cannot write {path}: it is a device, pipe or socket, not a file.</source>
      <translation>无法写入 {path}：它是设备、管道或套接字，不是文件。</translation>
    </message>
    <message>
      <source>Cannot write {path}: the folder {folder} does not exist.</source>
      <translation>无法写入 {path}：文件夹 {folder} 不存在。</translation>
    </message>
    <message>
      <source>Cannot write {path}: {reason}.</source>
      <translation>无法写入 {path}：{reason}。</translation>
    </message>
    <message>
      <source>{path}: is a folder, not a session file</source>
      <translation>{path}：这是文件夹，不是会话文件</translation>
    </message>
    <message>
      <source>{path}: is not a regular file (a device, pipe or socket), not a session file</source>
      <translation>{path}：不是普通文件（是设备、管道或套接字），不是会话文件</translation>
    </message>
    <message>
      <source>{path}: {size:,} bytes is far larger than any session file</source>
      <translation>{path}：{size:,} 字节，远大于任何会话文件</translation>
    </message>
    <message>
      <source>{path}: the file is damaged ({name}: {reason})</source>
      <translation>{path}：文件已损坏（{name}：{reason}）</translation>
    </message>
    <message>
      <source>{path}: the file is damaged ({name} holds Python objects, which are never loaded)</source>
      <translation>{path}：文件已损坏（{name} 含有 Python 对象，这类内容从不加载）</translation>
    </message>
    <message>
      <source>{path}: no such file</source>
      <translation>{path}：文件不存在</translation>
    </message>
    <message>
      <source>{path}: permission denied</source>
      <translation>{path}：没有访问权限</translation>
    </message>
    <message>
      <source>{path}: cannot be read ({reason})</source>
      <translation>{path}：无法读取（{reason}）</translation>
    </message>
    <message>
      <source>{path}: the file is damaged ({name} is nested too deeply)</source>
      <translation>{path}：文件已损坏（{name} 嵌套过深）</translation>
    </message>
    <message>
      <source>{path}: the file is damaged ({reason})</source>
      <translation>{path}：文件已损坏（{reason}）</translation>
    </message>
    <message>
      <source>{path}: {name} would unpack to more than the {limit:,} MB a session file may use</source>
      <translation>{path}：{name} 解压后将超过会话文件允许的 {limit:,} MB</translation>
    </message>
    <message>
      <source>{path}: the file is damaged or was edited ({name} does not match its checksum)</source>
      <translation>{path}：文件已损坏或被修改（{name} 与其校验和不符）</translation>
    </message>
    <message>
      <source>{path}: the file is damaged ({name} holds too many arrays)</source>
      <translation>{path}：文件已损坏（{name} 含有过多数组）</translation>
    </message>
    <message>
      <source>{path}: not a BPTT Explorer session file (not a zip archive, or cut short)</source>
      <translation>{path}：不是 BPTT Explorer 会话文件（不是 zip 压缩包，或文件不完整）</translation>
    </message>
    <message>
      <source>{path}: not a BPTT Explorer session file (too many members)</source>
      <translation>{path}：不是 BPTT Explorer 会话文件（成员过多）</translation>
    </message>
    <message>
      <source>{path}: would unpack to more than the {limit:,} MB a session file may use</source>
      <translation>{path}：解压后将超过会话文件允许的 {limit:,} MB</translation>
    </message>
    <message>
      <source>{reason}</source>
      <translation>{reason}</translation>
    </message>
    <message>
      <source>{path}: the file is damaged (missing {name})</source>
      <translation>{path}：文件已损坏（缺少 {name}）</translation>
    </message>
    <message>
      <source>{path}: the file is damaged (a member is named {name!r})</source>
      <translation>{path}：文件已损坏（有成员名为 {name!r}）</translation>
    </message>
    <message>
      <source>{path}: the file is damaged ({name} is cut short)</source>
      <translation>{path}：文件已损坏（{name} 不完整）</translation>
    </message>
    <message>
      <source>Num layers</source>
      <translation>层数</translation>
    </message>
    <message>
      <source>Bidirectional</source>
      <translation>双向</translation>
    </message>
    <message>
      <source>Teacher forcing</source>
      <translation>强制教学</translation>
    </message>
    <message>
      <source>Output recurrence</source>
      <translation>输出循环</translation>
    </message>
    <message>
      <source>One iteration will take about {seconds:,.0f} s and {memory:,.0f} MB with these settings. Lower the hidden size H, the batch size B or the sequence length T for a livelier run.</source>
      <translation>按这些设置，一次迭代约需 {seconds:,.0f} 秒和 {memory:,.0f} MB 内存。减小隐藏单元数 H、批量大小 B 或序列长度 T，训练会更流畅。</translation>
    </message>
    <message>
      <source>These settings need about {need:,.0f} MB per iteration (plus {history:,.0f} MB of history), but this computer has {free:,.0f} MB available. Lower the hidden size H, the batch size B or the sequence length T, or compare fewer cells.</source>
      <translation>这些设置每次迭代约需 {need:,.0f} MB 内存（另加 {history:,.0f} MB 历史记录），但这台计算机只有 {free:,.0f} MB 可用。请减小隐藏单元数 H、批量大小 B 或序列长度 T，或比较更少的单元。</translation>
    </message>
    <message>
      <source>{path}: not a BPTT Explorer session file</source>
      <translation>{path}：不是 BPTT Explorer 会话文件</translation>
    </message>
    <message>
      <source>{path}: written by a newer version of BPTT Explorer (session format {version}; this version reads format {supported}); please update</source>
      <translation>{path}：由更新版本的 BPTT Explorer 写入（会话格式 {version}；此版本读取格式 {supported}）；请更新</translation>
    </message>
    <message>
      <source>{path}: session format version {version} is not supported (this version of BPTT Explorer reads version {supported})</source>
      <translation>{path}：不支持会话格式版本 {version}（此版本的 BPTT Explorer 读取版本 {supported}）</translation>
    </message>
    <message>
      <source>{path}: the configuration is invalid: {reason}</source>
      <translation>{path}：配置无效：{reason}</translation>
    </message>
    <message>
      <source>{path}: the saved task cannot be set up: {reason}</source>
      <translation>{path}：无法建立保存的任务：{reason}</translation>
    </message>
    <message>
      <source>{path}: written by a newer version of BPTT Explorer (unknown settings: {names}); please update</source>
      <translation>{path}：由更新版本的 BPTT Explorer 写入（未知设置：{names}）；请更新</translation>
    </message>
    <message>
      <source>Nothing to pin yet: run at least one iteration first.</source>
      <translation>还没有可固定的内容：请先运行至少一次迭代。</translation>
    </message>
    <message>
      <source>{n} ghosts are pinned already: clear them before pinning another.</source>
      <translation>已固定 {n} 个对照：请先清除，再固定新的。</translation>
    </message>
    <message>
      <source>charlm: corpus 'file' needs a path to a UTF-8 text file.</source>
      <translation>字符语言模型：语料“文件”需要一个 UTF-8 文本文件的路径。</translation>
    </message>
    <message>
      <source>Corpus file {name} is empty.</source>
      <translation>语料文件 {name} 是空的。</translation>
    </message>
    <message>
      <source>Corpus file {name} looks like a binary file (it contains NUL bytes); please choose a plain text file.</source>
      <translation>语料文件 {name} 看起来是二进制文件（含有 NUL 字节）；请选择纯文本文件。</translation>
    </message>
    <message>
      <source>Corpus file {name} does not look like text (too many control characters).</source>
      <translation>语料文件 {name} 看起来不是文本（控制字符太多）。</translation>
    </message>
    <message>
      <source>Corpus file {name} is too short: {length} characters, but at least {needed} are needed (sequence length + 1).</source>
      <translation>语料文件 {name} 太短：只有 {length} 个字符，至少需要 {needed} 个（序列长度 + 1）。</translation>
    </message>
    <message>
      <source>Corpus path {name} is not a regular file (a pipe, socket or device); please choose a plain text file.</source>
      <translation>语料路径 {name} 不是普通文件（是管道、套接字或设备）；请选择纯文本文件。</translation>
    </message>
    <message>
      <source>Corpus file {name} does not exist.</source>
      <translation>语料文件 {name} 不存在。</translation>
    </message>
    <message>
      <source>Corpus path {name} is a folder, not a text file.</source>
      <translation>语料路径 {name} 是文件夹，不是文本文件。</translation>
    </message>
    <message>
      <source>Corpus file {name} cannot be read: permission denied.</source>
      <translation>无法读取语料文件 {name}：没有访问权限。</translation>
    </message>
    <message>
      <source>Corpus file {name} cannot be read: {reason}.</source>
      <translation>无法读取语料文件 {name}：{reason}。</translation>
    </message>
    <message>
      <source>Corpus file {name} is not valid UTF-8 text (undecodable byte at offset {offset}); save it as UTF-8 and try again.</source>
      <translation>语料文件 {name} 不是有效的 UTF-8 文本（偏移 {offset} 处有无法解码的字节）；请另存为 UTF-8 后重试。</translation>
    </message>
    <message>
      <source>&amp;Full screen</source>
      <translation>全屏(&amp;F)</translation>
    </message>
    <message>
      <source>Fill the screen (Shift+F11 again to leave)</source>
      <translation>占满整个屏幕（再按 Shift+F11 退出）</translation>
    </message>
    <message>
      <source>&amp;Animate step-through</source>
      <translation>动画逐步演示(&amp;A)</translation>
    </message>
    <message>
      <source>Play reveals each time step; off: play runs whole iterations</source>
      <translation>播放时逐个时间步揭示；关闭后播放整轮迭代</translation>
    </message>
    <message>
      <source>A&amp;nimations</source>
      <translation>过渡动画(&amp;N)</translation>
    </message>
    <message>
      <source>Ease node colours from one step to the next; off: colours change at once</source>
      <translation>节点颜色从一步平滑过渡到下一步；关闭后颜色立即变化</translation>
    </message>
    <message>
      <source>Run &amp;settings panel</source>
      <translation>运行设置面板(&amp;S)</translation>
    </message>
    <message>
      <source>Show or hide the settings</source>
      <translation>显示或隐藏设置</translation>
    </message>
    <message>
      <source>&amp;Inspector panel</source>
      <translation>检查器面板(&amp;I)</translation>
    </message>
    <message>
      <source>Show or hide the inspector</source>
      <translation>显示或隐藏检查器</translation>
    </message>
    <message>
      <source>&amp;Presentation</source>
      <translation>演示模式(&amp;P)</translation>
    </message>
    <message>
      <source>Full screen with large text for a projector (F11 or Esc to leave)</source>
      <translation>全屏大字，适合投影仪（按 F11 或 Esc 退出）</translation>
    </message>
    <message>
      <source>Leave presentation</source>
      <translation>退出演示</translation>
    </message>
    <message>
      <source>Leave presentation mode (also F11)</source>
      <translation>退出演示模式（也可按 F11）</translation>
    </message>
    <message>
      <source>&amp;Light</source>
      <translation>浅色(&amp;L)</translation>
    </message>
    <message>
      <source>Dark text on white</source>
      <translation>白底深色文字</translation>
    </message>
    <message>
      <source>&amp;Dark</source>
      <translation>深色(&amp;D)</translation>
    </message>
    <message>
      <source>Light text on a dark background</source>
      <translation>深色背景浅色文字</translation>
    </message>
    <message>
      <source>&amp;Next card</source>
      <translation>下一张卡片(&amp;N)</translation>
    </message>
    <message>
      <source>The next lesson card (presenter remotes)</source>
      <translation>下一张课程卡片（翻页笔）</translation>
    </message>
    <message>
      <source>&amp;Previous card</source>
      <translation>上一张卡片(&amp;P)</translation>
    </message>
    <message>
      <source>The previous lesson card</source>
      <translation>上一张课程卡片</translation>
    </message>
    <message>
      <source>&amp;Close lesson</source>
      <translation>关闭课程(&amp;C)</translation>
    </message>
    <message>
      <source>Leave the lesson</source>
      <translation>离开课程</translation>
    </message>
    <message>
      <source>&amp;Quit</source>
      <translation>退出(&amp;Q)</translation>
    </message>
    <message>
      <source>Close BPTT Explorer</source>
      <translation>关闭 BPTT Explorer</translation>
    </message>
    <message>
      <source>&amp;About BPTT Explorer</source>
      <translation>关于 BPTT Explorer(&amp;A)</translation>
    </message>
    <message>
      <source>Version and credits</source>
      <translation>版本与致谢</translation>
    </message>
    <message>
      <source>&amp;Keyboard shortcuts</source>
      <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
      <source>List every keyboard shortcut</source>
      <translation>列出所有键盘快捷键</translation>
    </message>
    <message>
      <source>&amp;Reset</source>
      <translation>重置(&amp;R)</translation>
    </message>
    <message>
      <source>Start the run again from its seed</source>
      <translation>从同一随机种子重新开始运行</translation>
    </message>
    <message>
      <source>Step &amp;back</source>
      <translation>后退一步(&amp;B)</translation>
    </message>
    <message>
      <source>Go back one time step</source>
      <translation>后退一个时间步</translation>
    </message>
    <message>
      <source>Step &amp;forward</source>
      <translation>前进一步(&amp;F)</translation>
    </message>
    <message>
      <source>Reveal one more time step</source>
      <translation>再揭示一个时间步</translation>
    </message>
    <message>
      <source>Finish &amp;pass</source>
      <translation>完成本轮传播(&amp;P)</translation>
    </message>
    <message>
      <source>Jump to the end of this forward or backward pass</source>
      <translation>跳到本次前向或反向传播的末尾</translation>
    </message>
    <message>
      <source>One &amp;iteration</source>
      <translation>一次迭代(&amp;I)</translation>
    </message>
    <message>
      <source>Finish this iteration, or run a whole new one</source>
      <translation>完成本次迭代，或运行一次新的迭代</translation>
    </message>
    <message>
      <source>&amp;Play</source>
      <translation>播放(&amp;P)</translation>
    </message>
    <message>
      <source>Play the step-through (Space again to pause)</source>
      <translation>播放逐步演示（再按空格暂停）</translation>
    </message>
    <message>
      <source>&amp;Train</source>
      <translation>训练(&amp;T)</translation>
    </message>
    <message>
      <source>Train in the background without animation; plots keep updating</source>
      <translation>在后台训练，不播放动画；图表持续更新</translation>
    </message>
    <message>
      <source>&amp;Live</source>
      <translation>实时(&amp;L)</translation>
    </message>
    <message>
      <source>Leave the history and show the live run</source>
      <translation>离开历史记录，显示实时运行</translation>
    </message>
    <message>
      <source>Resume from &amp;here</source>
      <translation>从此处继续(&amp;H)</translation>
    </message>
    <message>
      <source>Continue training from the iteration shown</source>
      <translation>从所显示的迭代继续训练</translation>
    </message>
    <message>
      <source>Zoom &amp;in</source>
      <translation>放大(&amp;I)</translation>
    </message>
    <message>
      <source>Zoom into the graph</source>
      <translation>放大计算图</translation>
    </message>
    <message>
      <source>Zoom &amp;out</source>
      <translation>缩小(&amp;O)</translation>
    </message>
    <message>
      <source>Zoom out of the graph</source>
      <translation>缩小计算图</translation>
    </message>
    <message>
      <source>&amp;Fit graph</source>
      <translation>适应窗格(&amp;F)</translation>
    </message>
    <message>
      <source>Fit the graph to its pane</source>
      <translation>让计算图适应窗格大小</translation>
    </message>
    <message>
      <source>&amp;Undo settings change</source>
      <translation>撤销设置更改(&amp;U)</translation>
    </message>
    <message>
      <source>Bring back the run before the last settings change, reset or opened file</source>
      <translation>恢复上一次更改设置、重置或打开文件之前的运行</translation>
    </message>
    <message>
      <source>&amp;Redo settings change</source>
      <translation>重做设置更改(&amp;R)</translation>
    </message>
    <message>
      <source>Make the undone settings change again</source>
      <translation>重新应用已撤销的设置更改</translation>
    </message>
    <message>
      <source>&amp;Verify gradients</source>
      <translation>验证梯度(&amp;V)</translation>
    </message>
    <message>
      <source>Compare the backpropagated gradient with central finite differences</source>
      <translation>将反向传播得到的梯度与中心有限差分比较</translation>
    </message>
    <message>
      <source>Presentation &amp;scale…</source>
      <translation>演示缩放(&amp;S)…</translation>
    </message>
    <message>
      <source>Size of text and lines in presentation mode (100–250 %)</source>
      <translation>演示模式下文字和线条的大小（100–250 %）</translation>
    </message>
    <message>
      <source>&amp;Start screen</source>
      <translation>开始页面(&amp;S)</translation>
    </message>
    <message>
      <source>The lessons and 'Explore freely'</source>
      <translation>课程列表与“自由探索”</translation>
    </message>
    <message>
      <source>{tip} ({keys})</source>
      <translation>{tip}（{keys}）</translation>
    </message>
    <message>
      <source>Save &amp;scene…</source>
      <translation>保存场景(&amp;S)…</translation>
    </message>
    <message>
      <source>Save the view under the next free number (Ctrl+Shift+1 … 9 choose it)</source>
      <translation>将当前视图保存到下一个空编号（Ctrl+Shift+1 … 9 可指定编号）</translation>
    </message>
    <message>
      <source>&amp;Forget all scenes</source>
      <translation>删除所有场景(&amp;F)</translation>
    </message>
    <message>
      <source>Remove every saved scene</source>
      <translation>删除所有已保存的场景</translation>
    </message>
    <message>
      <source>&amp;Go to scene</source>
      <translation>转到场景(&amp;G)</translation>
    </message>
    <message>
      <source>Go back to the scene saved under that number</source>
      <translation>回到以该编号保存的场景</translation>
    </message>
    <message>
      <source>Save the view as a scene under that number</source>
      <translation>将当前视图保存为该编号的场景</translation>
    </message>
    <message>
      <source>All nine scenes are used: Ctrl+Shift+1 … 9 replaces one.</source>
      <translation>九个场景都已占用：按 Ctrl+Shift+1 … 9 可替换其中一个。</translation>
    </message>
    <message>
      <source>Scene {n}: {name}</source>
      <translation>场景 {n}：{name}</translation>
    </message>
    <message>
      <source>ghost {names} of this scene is no longer pinned</source>
      <translation>此场景的对照 {names} 已不再固定</translation>
    </message>
    <message>
      <source>No scenes yet (Ctrl+Shift+1 … 9 saves one)</source>
      <translation>还没有场景（按 Ctrl+Shift+1 … 9 保存）</translation>
    </message>
    <message>
      <source>Save scene {n}</source>
      <translation>保存场景 {n}</translation>
    </message>
    <message>
      <source>Name of scene {n} (the key {n} brings it back):</source>
      <translation>场景 {n} 的名称（按 {n} 键可回到它）：</translation>
    </message>
    <message>
      <source>Scene {n} saved: {name}. Press {n} to come back to it.</source>
      <translation>已保存场景 {n}：{name}。按 {n} 可回到它。</translation>
    </message>
    <message>
      <source>its card is in lesson '{key}', which is not open</source>
      <translation>它的卡片属于课程“{key}”，该课程未打开</translation>
    </message>
    <message>
      <source>No scene {n} yet: Ctrl+Shift+{n} saves the view as scene {n}.</source>
      <translation>还没有场景 {n}：按 Ctrl+Shift+{n} 将当前视图保存为场景 {n}。</translation>
    </message>
    <message>
      <source>iteration {n} is not in this run</source>
      <translation>本次运行中没有第 {n} 次迭代</translation>
    </message>
    <message>
      <source>Lesson</source>
      <translation>课程</translation>
    </message>
    <message>
      <source>&amp;Theme</source>
      <translation>主题(&amp;T)</translation>
    </message>
    <message>
      <source>&amp;Lessons</source>
      <translation>课程(&amp;L)</translation>
    </message>
    <message>
      <source>Lessons</source>
      <translation>课程</translation>
    </message>
    <message>
      <source>Presentation scale</source>
      <translation>演示缩放</translation>
    </message>
    <message>
      <source>⚠ Some lessons could not be loaded…</source>
      <translation>⚠ 部分课程无法加载…</translation>
    </message>
    <message>
      <source>Some lessons could not be loaded: see the Lessons menu.</source>
      <translation>部分课程无法加载：请查看“课程”菜单。</translation>
    </message>
    <message>
      <source>These lesson files could not be loaded; the other lessons are available.</source>
      <translation>以下课程文件无法加载；其他课程仍可使用。</translation>
    </message>
    <message>
      <source>Lesson {n}: {title}</source>
      <translation>第 {n} 课：{title}</translation>
    </message>
    <message>
      <source>Text and line size in presentation mode ({low}–{high} %):</source>
      <translation>演示模式下的文字和线条大小（{low}–{high} %）：</translation>
    </message>
    <message>
      <source>Step through an iteration (→) to see which lines run</source>
      <translation>单步执行一次迭代(→),看看哪些行在运行</translation>
    </message>
    <message>
      <source>The weight update</source>
      <translation>权重更新</translation>
    </message>
    <message>
      <source>Code</source>
      <translation>代码</translation>
    </message>
    <message>
      <source>&amp;Code beside the animation</source>
      <translation>代码与动画对照(&amp;C)</translation>
    </message>
    <message>
      <source>Show the NumPy code of the selected model, the running lines lit</source>
      <translation>显示所选模型的 NumPy 代码,正在执行的行会高亮</translation>
    </message>
    <message>
      <source>&amp;View</source>
      <translation>视图(&amp;V)</translation>
    </message>
    <message>
      <source>Forward step t = {t} of {T}</source>
      <translation>前向传播第 t = {t} 步(共 {T} 步)</translation>
    </message>
    <message>
      <source>The loss over all {T} steps</source>
      <translation>全部 {T} 个时间步上的损失</translation>
    </message>
    <message>
      <source>Backward step t = {t} of {T}</source>
      <translation>反向传播第 t = {t} 步(共 {T} 步)</translation>
    </message>
    <message>
      <source>{title}: colours run from {low} to {high}</source>
      <translation>{title}：颜色从 {low} 过渡到 {high}</translation>
    </message>
    <message>
      <source>Hidden units H</source>
      <translation>隐藏单元数 H</translation>
    </message>
    <message>
      <source>Layers L</source>
      <translation>层数 L</translation>
    </message>
    <message>
      <source>Batch size B</source>
      <translation>批量大小 B</translation>
    </message>
    <message>
      <source>Optimizer</source>
      <translation>优化器</translation>
    </message>
    <message>
      <source>Learning rate</source>
      <translation>学习率</translation>
    </message>
    <message>
      <source>Momentum</source>
      <translation>动量</translation>
    </message>
    <message>
      <source>Init</source>
      <translation>初始化</translation>
    </message>
    <message>
      <source>Recurrent scale</source>
      <translation>循环权重缩放</translation>
    </message>
    <message>
      <source>Forget-gate bias</source>
      <translation>遗忘门偏置</translation>
    </message>
    <message>
      <source>Forget gate</source>
      <translation>遗忘门</translation>
    </message>
    <message>
      <source>Activation</source>
      <translation>激活函数</translation>
    </message>
    <message>
      <source>Truncation</source>
      <translation>截断</translation>
    </message>
    <message>
      <source>Truncate every k</source>
      <translation>每 k 步截断</translation>
    </message>
    <message>
      <source>Keep-going prob. p</source>
      <translation>继续概率 p</translation>
    </message>
    <message>
      <source>Clipping</source>
      <translation>梯度裁剪</translation>
    </message>
    <message>
      <source>Clip threshold</source>
      <translation>裁剪阈值</translation>
    </message>
    <message>
      <source>Seed</source>
      <translation>随机种子</translation>
    </message>
    <message>
      <source>Evaluate every</source>
      <translation>评估间隔</translation>
    </message>
    <message>
      <source>Shown example</source>
      <translation>显示的样本</translation>
    </message>
    <message>
      <source>History (MB)</source>
      <translation>历史记录 (MB)</translation>
    </message>
    <message>
      <source>Run settings</source>
      <translation>运行设置</translation>
    </message>
    <message>
      <source>Task parameters</source>
      <translation>任务参数</translation>
    </message>
    <message>
      <source>Reset to apply</source>
      <translation>重置以应用</translation>
    </message>
    <message>
      <source>Training is running: stop it and start a new run with these settings</source>
      <translation>训练正在进行：停止训练并用这些设置开始新的运行</translation>
    </message>
    <message>
      <source>Cannot use these settings</source>
      <translation>无法使用这些设置</translation>
    </message>
    <message>
      <source>Sequence length T</source>
      <translation>序列长度 T</translation>
    </message>
    <message>
      <source>Symbols</source>
      <translation>符号数</translation>
    </message>
    <message>
      <source>Max vocabulary</source>
      <translation>最大词表大小</translation>
    </message>
    <message>
      <source>Length</source>
      <translation>长度</translation>
    </message>
    <message>
      <source>Noise</source>
      <translation>噪声</translation>
    </message>
    <message>
      <source>Corpus</source>
      <translation>语料</translation>
    </message>
    <message>
      <source>Path</source>
      <translation>路径</translation>
    </message>
    <message>
      <source>Min freq</source>
      <translation>最低词频</translation>
    </message>
    <message>
      <source>Lag</source>
      <translation>间隔</translation>
    </message>
    <message>
      <source>Distractors</source>
      <translation>干扰项</translation>
    </message>
    <message>
      <source>Min length</source>
      <translation>最短长度</translation>
    </message>
    <message>
      <source>Max length</source>
      <translation>最长长度</translation>
    </message>
    <message>
      <source>Language</source>
      <translation>语言</translation>
    </message>
    <message>
      <source>Task</source>
      <translation>任务</translation>
    </message>
    <message>
      <source>Compare</source>
      <translation>比较</translation>
    </message>
    <message>
      <source>Choose a text corpus</source>
      <translation>选择文本语料</translation>
    </message>
    <message>
      <source>Text files (*.txt);;All files (*)</source>
      <translation>文本文件 (*.txt);;所有文件 (*)</translation>
    </message>
    <message>
      <source>Spectral radius ρ of the recurrent matrix at the start: what this scale gives with the chosen initialisation.</source>
      <translation>循环权重矩阵在训练开始时的谱半径 ρ：在所选初始化下，这个缩放系数得到的值。</translation>
    </message>
    <message>
      <source>{help} ({low} – {high})</source>
      <translation>{help}（{low} – {high}）</translation>
    </message>
    <message>
      <source>Corpus file…</source>
      <translation>语料文件…</translation>
    </message>
    <message>
      <source>Choose a UTF-8 text file for the model to learn</source>
      <translation>选择一个 UTF-8 文本文件供模型学习</translation>
    </message>
    <message>
      <source>{file} is larger than {mb} MB; only its first {n} characters are used.</source>
      <translation>{file} 超过 {mb} MB；只使用前 {n} 个字符。</translation>
    </message>
    <message>
      <source>→ ρ₀ = {value}</source>
      <translation>→ 初始 ρ₀ = {value}</translation>
    </message>
    <message>
      <source>{help} Allowed: {range}.</source>
      <translation>{help} 允许范围：{range}。</translation>
    </message>
    <message>
      <source>Truncated vs full: cosine —, ratio ┄</source>
      <translation>截断与完整梯度：余弦 —，长度比 ┄</translation>
    </message>
    <message>
      <source>Truncated vs full: truncation off</source>
      <translation>截断与完整梯度：未启用截断</translation>
    </message>
    <message>
      <source>loss</source>
      <translation>损失</translation>
    </message>
    <message>
      <source>Loss per iteration</source>
      <translation>每次迭代的损失</translation>
    </message>
    <message>
      <source>Gradient norm (┄ after clipping)</source>
      <translation>梯度范数（┄ 裁剪后）</translation>
    </message>
    <message>
      <source>metric</source>
      <translation>指标</translation>
    </message>
    <message>
      <source>iteration</source>
      <translation>迭代</translation>
    </message>
    <message>
      <source>Task metric</source>
      <translation>任务指标</translation>
    </message>
    <message>
      <source>cosine</source>
      <translation>余弦</translation>
    </message>
    <message>
      <source>Truncated vs full gradient</source>
      <translation>截断梯度与完整梯度</translation>
    </message>
    <message>
      <source>baseline: {name} {value}</source>
      <translation>基线：{name} {value}</translation>
    </message>
    <message>
      <source>solved ({metric} {value})</source>
      <translation>已解决（{metric} {value}）</translation>
    </message>
    <message>
      <source>Unexpected error</source>
      <translation>意外错误</translation>
    </message>
    <message>
      <source>The app keeps running. Please report this with the details below.</source>
      <translation>程序会继续运行。请连同下面的详细信息一起报告此问题。</translation>
    </message>
    <message>
      <source>Something went wrong: {error}</source>
      <translation>出错了：{error}</translation>
    </message>
    <message>
      <source>Export animation</source>
      <translation>导出动画</translation>
    </message>
    <message>
      <source> px</source>
      <translation> 像素</translation>
    </message>
    <message>
      <source> frames/s</source>
      <translation> 帧/秒</translation>
    </message>
    <message>
      <source>Gradient through time beneath the graph</source>
      <translation>计算图下方显示通过时间的梯度</translation>
    </message>
    <message>
      <source>Animated GIF</source>
      <translation>GIF 动画</translation>
    </message>
    <message>
      <source>MP4 video</source>
      <translation>MP4 视频</translation>
    </message>
    <message>
      <source>MP4 needs the optional package imageio-ffmpeg, which is not installed.</source>
      <translation>MP4 需要可选包 imageio-ffmpeg，但它尚未安装。</translation>
    </message>
    <message>
      <source>Browse…</source>
      <translation>浏览…</translation>
    </message>
    <message>
      <source>Size:</source>
      <translation>尺寸：</translation>
    </message>
    <message>
      <source>Frame rate:</source>
      <translation>帧率：</translation>
    </message>
    <message>
      <source>Format:</source>
      <translation>格式：</translation>
    </message>
    <message>
      <source>File:</source>
      <translation>文件：</translation>
    </message>
    <message>
      <source>PNG image (*.png)</source>
      <translation>PNG 图像 (*.png)</translation>
    </message>
    <message>
      <source>SVG drawing (*.svg)</source>
      <translation>SVG 矢量图 (*.svg)</translation>
    </message>
    <message>
      <source>Animated GIF (*.gif)</source>
      <translation>GIF 动画 (*.gif)</translation>
    </message>
    <message>
      <source>MP4 video (*.mp4)</source>
      <translation>MP4 视频 (*.mp4)</translation>
    </message>
    <message>
      <source>CSV table (*.csv)</source>
      <translation>CSV 表格 (*.csv)</translation>
    </message>
    <message>
      <source>NumPy archive (*.npz)</source>
      <translation>NumPy 存档 (*.npz)</translation>
    </message>
    <message>
      <source>One iteration: forward t = 1 … T, the loss, backward t = T … 1, the update.</source>
      <translation>一次迭代：前向 t = 1 … T，损失，反向 t = T … 1，更新。</translation>
    </message>
    <message>
      <source>Cannot write {path}: {error}</source>
      <translation>无法写入 {path}：{error}</translation>
    </message>
    <message>
      <source>Cannot write {path}: Qt could not encode the PNG image.</source>
      <translation>无法写入 {path}：Qt 无法编码 PNG 图像。</translation>
    </message>
    <message>
      <source>Cannot write {path}: Qt could not start the SVG drawing.</source>
      <translation>无法写入 {path}：Qt 无法开始绘制 SVG。</translation>
    </message>
    <message>
      <source>There is no iteration to animate yet: run one first.</source>
      <translation>还没有可制作动画的迭代：请先运行一次。</translation>
    </message>
    <message>
      <source>&amp;Export</source>
      <translation>导出(&amp;E)</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
    <message>
      <source>Export failed</source>
      <translation>导出失败</translation>
    </message>
    <message>
      <source>Animation export cancelled</source>
      <translation>已取消导出动画</translation>
    </message>
    <message>
      <source>Export window</source>
      <translation>导出窗口</translation>
    </message>
    <message>
      <source>Export graph</source>
      <translation>导出计算图</translation>
    </message>
    <message>
      <source>Export plot</source>
      <translation>导出图表</translation>
    </message>
    <message>
      <source>Export curves</source>
      <translation>导出曲线</translation>
    </message>
    <message>
      <source>Export trace</source>
      <translation>导出轨迹</translation>
    </message>
    <message>
      <source>&amp;Window as PNG…</source>
      <translation>窗口另存为 PNG(&amp;W)…</translation>
    </message>
    <message>
      <source>Save the whole window as a PNG image</source>
      <translation>将整个窗口保存为 PNG 图像</translation>
    </message>
    <message>
      <source>&amp;Graph as PNG…</source>
      <translation>计算图另存为 PNG(&amp;G)…</translation>
    </message>
    <message>
      <source>Save the unrolled graph as a PNG image at twice the screen resolution</source>
      <translation>以两倍屏幕分辨率将展开的计算图保存为 PNG 图像</translation>
    </message>
    <message>
      <source>Graph as &amp;SVG…</source>
      <translation>计算图另存为 SVG(&amp;S)…</translation>
    </message>
    <message>
      <source>Save the unrolled graph as an SVG drawing</source>
      <translation>将展开的计算图保存为 SVG 矢量图</translation>
    </message>
    <message>
      <source>Current &amp;plot as PNG…</source>
      <translation>当前图表另存为 PNG(&amp;P)…</translation>
    </message>
    <message>
      <source>Save the plot in the visible tab as a PNG image at twice the resolution</source>
      <translation>以两倍分辨率将当前标签页中的图表保存为 PNG 图像</translation>
    </message>
    <message>
      <source>Current plot as S&amp;VG…</source>
      <translation>当前图表另存为 SVG(&amp;V)…</translation>
    </message>
    <message>
      <source>Save the plot in the visible tab as an SVG drawing</source>
      <translation>将当前标签页中的图表保存为 SVG 矢量图</translation>
    </message>
    <message>
      <source>&amp;Animation (GIF)…</source>
      <translation>动画 (GIF)(&amp;A)…</translation>
    </message>
    <message>
      <source>Render this iteration's forward and backward pass as an animation</source>
      <translation>将本次迭代的前向和反向传播渲染为动画</translation>
    </message>
    <message>
      <source>&amp;Curves as CSV…</source>
      <translation>曲线另存为 CSV(&amp;C)…</translation>
    </message>
    <message>
      <source>Save every iteration's loss, gradient norm and metrics as CSV</source>
      <translation>将每次迭代的损失、梯度范数和指标保存为 CSV</translation>
    </message>
    <message>
      <source>&amp;Trace as NPZ…</source>
      <translation>轨迹另存为 NPZ(&amp;T)…</translation>
    </message>
    <message>
      <source>Save the displayed iteration's arrays and the curves as a NumPy archive</source>
      <translation>将所显示迭代的数组和曲线保存为 NumPy 存档</translation>
    </message>
    <message>
      <source>Rendering {n} frames to {name}…</source>
      <translation>正在渲染 {n} 帧到 {name}…</translation>
    </message>
    <message>
      <source>Saved {path}</source>
      <translation>已保存 {path}</translation>
    </message>
    <message>
      <source>Could not write {path}.

{reason}</source>
      <translation>无法写入 {path}。

{reason}</translation>
    </message>
    <message>
      <source>on</source>
      <translation>开启</translation>
    </message>
    <message>
      <source>off</source>
      <translation>关闭</translation>
    </message>
    <message>
      <source>, </source>
      <translation>、</translation>
    </message>
    <message>
      <source>ghost {name}: {difference}</source>
      <translation>对照 {name}：{difference}</translation>
    </message>
    <message>
      <source>&amp;Pin current run as ghost</source>
      <translation>将当前运行固定为对照(&amp;P)</translation>
    </message>
    <message>
      <source>Keep this run's gradient and curves on the plots to compare with the next run</source>
      <translation>把本次运行的梯度和曲线留在图上，与下一次运行比较</translation>
    </message>
    <message>
      <source>&amp;Clear ghosts</source>
      <translation>清除对照(&amp;C)</translation>
    </message>
    <message>
      <source>Remove every pinned run from the plots</source>
      <translation>从图中移除所有固定的运行</translation>
    </message>
    <message>
      <source>&amp;Ghosts (what if?)</source>
      <translation>对照（如果……会怎样？）(&amp;G)</translation>
    </message>
    <message>
      <source>Clear ghosts</source>
      <translation>清除对照</translation>
    </message>
    <message>
      <source>Remove every pinned run from the plots (Shift+G)</source>
      <translation>从图中移除所有固定的运行（Shift+G）</translation>
    </message>
    <message>
      <source>{setting} {value}</source>
      <translation>{setting} {value}</translation>
    </message>
    <message>
      <source>ghost {name}: same settings, iteration {n}</source>
      <translation>对照 {name}：相同设置，第 {n} 次迭代</translation>
    </message>
    <message>
      <source>Pinned as ghost {name}. Change a setting and train: both runs share the plots.</source>
      <translation>已固定为对照 {name}。更改一项设置并训练：两次运行会画在同一组图上。</translation>
    </message>
    <message>
      <source>Ghosts: {names}</source>
      <translation>对照：{names}</translation>
    </message>
    <message>
      <source>Computing this page: it is drawn with the next training frame.</source>
      <translation>正在计算此页：它将随下一个训练帧绘出。</translation>
    </message>
    <message>
      <source>Gaps: truncation cuts the gradient there.</source>
      <translation>空缺处：截断在那里切断了梯度。</translation>
    </message>
    <message>
      <source>‖∂L/∂hₜ‖ (log)</source>
      <translation>‖∂L/∂hₜ‖（对数）</translation>
    </message>
    <message>
      <source>time step t</source>
      <translation>时间步 t</translation>
    </message>
    <message>
      <source>‖∂h_T/∂h_t‖</source>
      <translation>‖∂h_T/∂h_t‖</translation>
    </message>
    <message>
      <source>‖term of step t‖ (log)</source>
      <translation>‖第 t 步的项‖（对数）</translation>
    </message>
    <message>
      <source>Blue (vanilla RNN, shown example): dotted ‖∂h_T/∂h_t‖ and dashed its bound, both started at ‖∂L/∂h_T‖. The bound caps ‖∂L/∂h_t‖ only if the loss is at T alone.</source>
      <translation>蓝色(普通循环神经网络,所显示的样本):点线为 ‖∂h_T/∂h_t‖,虚线为它的上界,两者都从 ‖∂L/∂h_T‖ 起始。只有当损失仅在第 T 步时,这个上界才限制 ‖∂L/∂h_t‖。</translation>
    </message>
    <message>
      <source>Row t, column s: how much the error at step t changes the state h_s (log scale).</source>
      <translation>第 t 行、第 s 列：第 t 步的误差对状态 h_s 的影响有多大（对数刻度）。</translation>
    </message>
    <message>
      <source>Each step's term of the weight gradient; the gradient is their sum.</source>
      <translation>每个时间步在权重梯度中的一项；梯度是它们的和。</translation>
    </message>
    <message>
      <source>‖∂L/∂hₜ‖ over t</source>
      <translation>‖∂L/∂hₜ‖ 随 t 的变化</translation>
    </message>
    <message>
      <source>How large the gradient reaching each step is</source>
      <translation>到达每个时间步的梯度有多大</translation>
    </message>
    <message>
      <source>Contributions ∂Lₜ/∂hₛ</source>
      <translation>贡献 ∂Lₜ/∂hₛ</translation>
    </message>
    <message>
      <source>Which error (row t) reaches which state (column s)</source>
      <translation>哪一步的误差（第 t 行）到达哪个状态（第 s 列）</translation>
    </message>
    <message>
      <source>Weight-gradient terms</source>
      <translation>权重梯度的各项</translation>
    </message>
    <message>
      <source>Each step's share of the recurrent and input weight gradients</source>
      <translation>每个时间步在循环权重和输入权重梯度中所占的份额</translation>
    </message>
    <message>
      <source>state h_s, step s</source>
      <translation>状态 h_s，第 s 步</translation>
    </message>
    <message>
      <source>bound {formula}</source>
      <translation>上界 {formula}</translation>
    </message>
    <message>
      <source>error at step t</source>
      <translation>第 t 步的误差</translation>
    </message>
    <message>
      <source>The whole sequence: click to show those steps in the graph</source>
      <translation>整个序列：点击即在图中显示这些时间步</translation>
    </message>
    <message>
      <source>Click a node to inspect it · hover a W label to see sharing</source>
      <translation>点击节点进行检查 · 悬停在 W 标签上查看共享</translation>
    </message>
    <message>
      <source>‖∂L/∂h_t‖ (log; grey: none):</source>
      <translation>‖∂L/∂h_t‖（对数；灰色：无梯度）：</translation>
    </message>
    <message>
      <source>loss Lₜ:</source>
      <translation>损失 Lₜ：</translation>
    </message>
    <message>
      <source>Each step's loss on a log scale; steps that are not scored stay white.</source>
      <translation>每个时间步的损失（对数刻度）；不计分的时间步保持白色。</translation>
    </message>
    <message>
      <source>Zoom out (−)</source>
      <translation>缩小 (−)</translation>
    </message>
    <message>
      <source>Zoom in (+)</source>
      <translation>放大 (+)</translation>
    </message>
    <message>
      <source>Fit</source>
      <translation>适应</translation>
    </message>
    <message>
      <source>Fit the graph to the view</source>
      <translation>让计算图适应视图</translation>
    </message>
    <message>
      <source>All steps</source>
      <translation>所有时间步</translation>
    </message>
    <message>
      <source>Show every time step, however small</source>
      <translation>显示每个时间步，无论多小</translation>
    </message>
    <message>
      <source>‖∂L/∂h_t‖ of the shown example (log; grey: none):</source>
      <translation>所显示样本的 ‖∂L/∂h_t‖（对数；灰色：无）：</translation>
    </message>
    <message>
      <source>Blue with a heavy ring: negative; red: positive. Inputs x and outputs o are scaled to their row's largest value.</source>
      <translation>蓝色加粗圈：负值；红色：正值。输入 x 和输出 o 按各自行的最大值缩放。</translation>
    </message>
    <message>
      <source>h of unit {unit}:</source>
      <translation>单元 {unit} 的 h：</translation>
    </message>
    <message>
      <source>{name}: {what}. Hover to see every edge using it.</source>
      <translation>{name}：{what}。悬停可查看使用它的每条边。</translation>
    </message>
    <message>
      <source>shared weights</source>
      <translation>共享权重</translation>
    </message>
    <message>
      <source>true token fed</source>
      <translation>输入真实词元</translation>
    </message>
    <message>
      <source>own prediction fed</source>
      <translation>输入自身预测</translation>
    </message>
    <message>
      <source>loss L</source>
      <translation>损失 L</translation>
    </message>
    <message>
      <source>output o</source>
      <translation>输出 o</translation>
    </message>
    <message>
      <source>cell c</source>
      <translation>记忆元 c</translation>
    </message>
    <message>
      <source>state h</source>
      <translation>状态 h</translation>
    </message>
    <message>
      <source>input x</source>
      <translation>输入 x</translation>
    </message>
    <message>
      <source>target y</source>
      <translation>目标 y</translation>
    </message>
    <message>
      <source>encoder</source>
      <translation>编码器</translation>
    </message>
    <message>
      <source>decoder</source>
      <translation>解码器</translation>
    </message>
    <message>
      <source>input → state weights, the same matrix at every step</source>
      <translation>输入 → 状态的权重，每个时间步都是同一个矩阵</translation>
    </message>
    <message>
      <source>state → next state weights, the same matrix at every step</source>
      <translation>状态 → 下一状态的权重，每个时间步都是同一个矩阵</translation>
    </message>
    <message>
      <source>state → output weights, the same matrix at every step</source>
      <translation>状态 → 输出的权重，每个时间步都是同一个矩阵</translation>
    </message>
    <message>
      <source>previous output → state weights, the same matrix at every step</source>
      <translation>上一步输出 → 状态的权重，每个时间步都是同一个矩阵</translation>
    </message>
    <message>
      <source>input weights of the four LSTM blocks (W_xi, W_xf, W_xo, W_xc), shared over time</source>
      <translation>LSTM 四个模块的输入权重（W_xi、W_xf、W_xo、W_xc），在时间上共享</translation>
    </message>
    <message>
      <source>recurrent weights of the four LSTM blocks (W_hi, W_hf, W_ho, W_hc), shared over time</source>
      <translation>LSTM 四个模块的循环权重（W_hi、W_hf、W_ho、W_hc），在时间上共享</translation>
    </message>
    <message>
      <source>{row} · layer {layer}</source>
      <translation>{row} · 第 {layer} 层</translation>
    </message>
    <message>
      <source>{source} → {target}: {weights}</source>
      <translation>{source} → {target}：{weights}</translation>
    </message>
    <message>
      <source>{model}: no data (diverged)</source>
      <translation>{model}：无数据（已发散）</translation>
    </message>
    <message>
      <source>click to inspect</source>
      <translation>点击检查</translation>
    </message>
    <message>
      <source>truncation cuts the edge from h&lt;sub&gt;t−1&lt;/sub&gt;</source>
      <translation>截断切断了来自 h&lt;sub&gt;t−1&lt;/sub&gt; 的边</translation>
    </message>
    <message>
      <source>truncation may cut this edge</source>
      <translation>截断可能切断这条边</translation>
    </message>
    <message>
      <source>step loss = {value}</source>
      <translation>该步损失 = {value}</translation>
    </message>
    <message>
      <source>‖∂L/∂h‖ (batch) = {value}</source>
      <translation>‖∂L/∂h‖（批量）= {value}</translation>
    </message>
    <message>
      <source>‖∂L/∂h‖ (example) = {value}</source>
      <translation>‖∂L/∂h‖（此样本）= {value}</translation>
    </message>
    <message>
      <source>‖∂L/∂c‖ (batch) = {value}</source>
      <translation>‖∂L/∂c‖（批量）= {value}</translation>
    </message>
    <message>
      <source>h — hidden state</source>
      <translation>h — 隐状态</translation>
    </message>
    <message>
      <source>c — cell state (LSTM)</source>
      <translation>c — 记忆元 (LSTM)</translation>
    </message>
    <message>
      <source>i — input gate (LSTM)</source>
      <translation>i — 输入门 (LSTM)</translation>
    </message>
    <message>
      <source>f — forget gate (LSTM)</source>
      <translation>f — 遗忘门 (LSTM)</translation>
    </message>
    <message>
      <source>o — output gate (LSTM)</source>
      <translation>o — 输出门 (LSTM)</translation>
    </message>
    <message>
      <source>c̃ — candidate (LSTM)</source>
      <translation>c̃ — 候选记忆元 (LSTM)</translation>
    </message>
    <message>
      <source>z — update gate (GRU)</source>
      <translation>z — 更新门 (GRU)</translation>
    </message>
    <message>
      <source>r — reset gate (GRU)</source>
      <translation>r — 重置门 (GRU)</translation>
    </message>
    <message>
      <source>h̃ — candidate (GRU)</source>
      <translation>h̃ — 候选隐状态 (GRU)</translation>
    </message>
    <message>
      <source>Which quantity the heatmaps show</source>
      <translation>热图显示哪个量</translation>
    </message>
    <message>
      <source>Show:</source>
      <translation>显示：</translation>
    </message>
    <message>
      <source>{quantity} · {part} layer {layer}</source>
      <translation>{quantity} · {part}第 {layer} 层</translation>
    </message>
    <message>
      <source>{quantity} · layer {layer}</source>
      <translation>{quantity} · 第 {layer} 层</translation>
    </message>
    <message>
      <source>unit</source>
      <translation>单元</translation>
    </message>
    <message>
      <source>{model} — diverged</source>
      <translation>{model} — 已发散</translation>
    </message>
    <message>
      <source>{model} — has no {q}</source>
      <translation>{model} — 没有 {q}</translation>
    </message>
    <message>
      <source>hidden state h</source>
      <translation>隐状态 h</translation>
    </message>
    <message>
      <source>cell state c</source>
      <translation>记忆元 c</translation>
    </message>
    <message>
      <source>step loss L</source>
      <translation>该步损失 L</translation>
    </message>
    <message>
      <source>The step's part of L, n_t/N · L_t: this example and the others</source>
      <translation>该步在 L 中所占的部分 n_t/N · L_t：本样本与其他样本</translation>
    </message>
    <message>
      <source>Click a node in the graph</source>
      <translation>点击计算图中的节点</translation>
    </message>
    <message>
      <source>Training: the inspector shows the last iteration before it.</source>
      <translation>训练中：检查器显示训练开始前的最后一次迭代。</translation>
    </message>
    <message>
      <source>The unit whose equation is shown (also: click a heatmap row)</source>
      <translation>显示其方程的单元（也可点击热图中的一行）</translation>
    </message>
    <message>
      <source>The layer whose state is inspected (layer 1 reads the input)</source>
      <translation>要查看其状态的层（第 1 层读取输入）</translation>
    </message>
    <message>
      <source>The direction of a bidirectional layer</source>
      <translation>双向层的方向</translation>
    </message>
    <message>
      <source>→ forward</source>
      <translation>→ 前向</translation>
    </message>
    <message>
      <source>← reverse</source>
      <translation>← 反向</translation>
    </message>
    <message>
      <source>The part of the encoder–decoder whose state is inspected</source>
      <translation>要查看其状态的编码器—解码器部分</translation>
    </message>
    <message>
      <source>Layer:</source>
      <translation>层：</translation>
    </message>
    <message>
      <source>Part:</source>
      <translation>部分：</translation>
    </message>
    <message>
      <source>Verify gradients</source>
      <translation>验证梯度</translation>
    </message>
    <message>
      <source>Compare the engine's backpropagated gradient with central finite differences on a small batch, for the selected model</source>
      <translation>在一个小批量上，将引擎反向传播得到的梯度与中心有限差分比较（针对所选模型）</translation>
    </message>
    <message>
      <source>The engine does not describe this model's equations yet.</source>
      <translation>引擎尚未描述该模型的方程。</translation>
    </message>
    <message>
      <source>this step is scored</source>
      <translation>此步计入损失</translation>
    </message>
    <message>
      <source>this step is not scored (mask 0)</source>
      <translation>此步不计入损失（掩码为 0）</translation>
    </message>
    <message>
      <source>∂L/∂{symbol}: in the backward pass</source>
      <translation>∂L/∂{symbol}：反向传播时给出</translation>
    </message>
    <message>
      <source>Checking …</source>
      <translation>检查中…</translation>
    </message>
    <message>
      <source>✓ matches finite differences</source>
      <translation>✓ 与有限差分一致</translation>
    </message>
    <message>
      <source>✗ larger than expected</source>
      <translation>✗ 误差大于预期</translation>
    </message>
    <message>
      <source>Unit:</source>
      <translation>单元：</translation>
    </message>
    <message>
      <source>Training: the inspector shows an iteration when it stops.</source>
      <translation>训练中：训练停止后，检查器显示一次迭代。</translation>
    </message>
    <message>
      <source>Press → or Enter to start iteration 1</source>
      <translation>按 → 或 Enter 开始第 1 次迭代</translation>
    </message>
    <message>
      <source>n_t/N: the share of the scored examples that lie at step t; every step scored: L = (1/T) Σ_t L_t</source>
      <translation>n_t/N:计入损失的样本中位于第 t 步的比例;每一步都计入时,L = (1/T) Σ_t L_t</translation>
    </message>
    <message>
      <source>{model} · {node} {symbol} · iteration {n}</source>
      <translation>{model} · {node} {symbol} · 第 {n} 次迭代</translation>
    </message>
    <message>
      <source>{model}: no data</source>
      <translation>{model}：无数据</translation>
    </message>
    <message>
      <source>{model}: largest relative error {error} {verdict}</source>
      <translation>{model}：最大相对误差 {error} {verdict}</translation>
    </message>
    <message>
      <source>{n} of {total}</source>
      <translation>第 {n} 层，共 {total} 层</translation>
    </message>
    <message>
      <source>Gradient check failed to run: {error}</source>
      <translation>梯度检查无法运行：{error}</translation>
    </message>
    <message>
      <source>the batch's mean loss at step {t}; {scored}</source>
      <translation>小批量在第 {t} 步的平均损失;{scored}</translation>
    </message>
    <message>
      <source>value</source>
      <translation>值</translation>
    </message>
    <message>
      <source>gates of the unit</source>
      <translation>该单元的门</translation>
    </message>
    <message>
      <source>no gradient for this node</source>
      <translation>此节点没有梯度</translation>
    </message>
    <message>
      <source>{symbol}, unit {u} dashed</source>
      <translation>{symbol}，单元 {u} 为虚线</translation>
    </message>
    <message>
      <source>gates of unit {u} at t = {t}</source>
      <translation>单元 {u} 在 t = {t} 的门</translation>
    </message>
    <message>
      <source>∂L/∂{symbol} (this example)</source>
      <translation>∂L/∂{symbol}（此样本）</translation>
    </message>
    <message>
      <source>The context's gradient: what every decoder loss sends into the encoder</source>
      <translation>上下文变量的梯度：每个解码器损失传入编码器的部分</translation>
    </message>
    <message>
      <source>The context: the decoder starts from the encoder's final state</source>
      <translation>上下文变量：解码器从编码器的最终状态开始</translation>
    </message>
    <message>
      <source>Step 1 reads ⟨bos⟩, the start token</source>
      <translation>第 1 步读入起始词元 ⟨bos⟩</translation>
    </message>
    <message>
      <source>Step {t} is padding: this example's source has {n} tokens, so the encoder's state here reaches nothing.</source>
      <translation>第 {t} 步是填充：这个样本的源序列只有 {n} 个词元，所以编码器在这里的状态不影响任何东西。</translation>
    </message>
    <message>
      <source>The encoder's last step: the context's gradient arrives here</source>
      <translation>编码器的最后一步：上下文变量的梯度到达这里</translation>
    </message>
    <message>
      <source>Source token {k} read at step {t}</source>
      <translation>第 {t} 步读入的源词元 {k}</translation>
    </message>
    <message>
      <source>Teacher forcing (r = 1)</source>
      <translation>强制教学（r = 1）</translation>
    </message>
    <message>
      <source>Free running (r = 0)</source>
      <translation>自由运行（r = 0）</translation>
    </message>
    <message>
      <source>{how} fed the true previous token y&lt;sub&gt;{p}&lt;/sub&gt; = {k}</source>
      <translation>{how}输入了真实的上一个词元 y&lt;sub&gt;{p}&lt;/sub&gt; = {k}</translation>
    </message>
    <message>
      <source>{how} fed the decoder's own prediction argmax o&lt;sub&gt;{p}&lt;/sub&gt; = {k}</source>
      <translation>{how}输入了解码器自己的预测 argmax o&lt;sub&gt;{p}&lt;/sub&gt; = {k}</translation>
    </message>
    <message>
      <source>Step {u}'s coin flip (teacher forcing ratio r = {r})</source>
      <translation>第 {u} 步的随机抽签（强制教学比例 r = {r}）</translation>
    </message>
    <message>
      <source>What you will see</source>
      <translation>你将看到</translation>
    </message>
    <message>
      <source>Show or hide the expected outcome</source>
      <translation>显示或隐藏预期结果</translation>
    </message>
    <message>
      <source>◀ Back</source>
      <translation>◀ 上一张</translation>
    </message>
    <message>
      <source>The previous card (Page Up)</source>
      <translation>上一张卡片 (Page Up)</translation>
    </message>
    <message>
      <source>Next ▶</source>
      <translation>下一张 ▶</translation>
    </message>
    <message>
      <source>The next card, and what it does (Page Down)</source>
      <translation>下一张卡片及其操作 (Page Down)</translation>
    </message>
    <message>
      <source>Close lesson</source>
      <translation>关闭课程</translation>
    </message>
    <message>
      <source>Leave the lesson and keep exploring</source>
      <translation>离开课程，继续自由探索</translation>
    </message>
    <message>
      <source>No lesson is open. Choose one from the Lessons menu.</source>
      <translation>没有打开的课程。请从“课程”菜单中选择一个。</translation>
    </message>
    <message>
      <source>Training… Next is available when the run ends.</source>
      <translation>训练中… 运行结束后才能进入下一张。</translation>
    </message>
    <message>
      <source>Card {k} of {n}</source>
      <translation>第 {k} / {n} 张</translation>
    </message>
    <message>
      <source>End of the lesson.</source>
      <translation>课程结束。</translation>
    </message>
    <message>
      <source>&lt;p&gt;Backpropagation through time, made visible: the unrolled network, the forward pass, the gradient flowing back, and the training curve that results.&lt;/p&gt;&lt;p&gt;An exact NumPy engine (vanilla RNN, LSTM, GRU) with a PySide6 and pyqtgraph view.&lt;/p&gt;</source>
      <translation>&lt;p&gt;让通过时间反向传播看得见：展开的网络、前向传播、反向流动的梯度，以及由此得到的训练曲线。&lt;/p&gt;&lt;p&gt;精确的 NumPy 引擎（普通 RNN、LSTM、GRU），界面基于 PySide6 和 pyqtgraph。&lt;/p&gt;</translation>
    </message>
    <message>
      <source>&amp;File</source>
      <translation>文件(&amp;F)</translation>
    </message>
    <message>
      <source>&amp;Edit</source>
      <translation>编辑(&amp;E)</translation>
    </message>
    <message>
      <source>&amp;Step-through</source>
      <translation>逐步演示(&amp;S)</translation>
    </message>
    <message>
      <source>&amp;Help</source>
      <translation>帮助(&amp;H)</translation>
    </message>
    <message>
      <source>&amp;Language</source>
      <translation>语言(&amp;L)</translation>
    </message>
    <message>
      <source>Keyboard shortcuts</source>
      <translation>键盘快捷键</translation>
    </message>
    <message>
      <source>Gradient through time</source>
      <translation>通过时间的梯度</translation>
    </message>
    <message>
      <source>Hidden states</source>
      <translation>隐状态</translation>
    </message>
    <message>
      <source>Recurrent weights</source>
      <translation>循环权重</translation>
    </message>
    <message>
      <source>Training curves</source>
      <translation>训练曲线</translation>
    </message>
    <message>
      <source>About {app}</source>
      <translation>关于 {app}</translation>
    </message>
    <message>
      <source>loss {loss} · ‖g‖ {norm}</source>
      <translation>损失 {loss} · ‖g‖ {norm}</translation>
    </message>
    <message>
      <source>DIVERGED at {n}</source>
      <translation>在第 {n} 次迭代发散</translation>
    </message>
    <message>
      <source>✂ clipped</source>
      <translation>✂ 已裁剪</translation>
    </message>
    <message>
      <source>Reduce &amp;motion</source>
      <translation>减少动态效果(&amp;M)</translation>
    </message>
    <message>
      <source>Turn off every animation: colour easing, the pen's and the spotlight's fades</source>
      <translation>关闭所有动画：颜色过渡、画笔与聚光灯的淡出</translation>
    </message>
    <message>
      <source>“{text}” is ambiguous: use one decimal separator (. or ,) and no thousands separators. The value stays {value}.</source>
      <translation>“{text}” 有歧义：请只用一个小数点（. 或 ,），不要用千位分隔符。数值保持为 {value}。</translation>
    </message>
    <message>
      <source>“{text}” is not a number between {low} and {high}; the value stays {value}.</source>
      <translation>“{text}” 不是 {low} 到 {high} 之间的数；数值保持为 {value}。</translation>
    </message>
    <message>
      <source>Annotation &amp;pen</source>
      <translation>标注画笔(&amp;P)</translation>
    </message>
    <message>
      <source>Draw on the window with the mouse (presentation mode)</source>
      <translation>用鼠标在窗口上绘画（演示模式）</translation>
    </message>
    <message>
      <source>C&amp;lear annotations</source>
      <translation>清除标注(&amp;L)</translation>
    </message>
    <message>
      <source>Wipe what the annotation pen drew</source>
      <translation>擦掉标注画笔画的内容</translation>
    </message>
    <message>
      <source>Include annotations in &amp;exports</source>
      <translation>导出时包含标注(&amp;E)</translation>
    </message>
    <message>
      <source>Exported pictures show the pen's drawing too (off: never)</source>
      <translation>导出的图片也显示画笔的标注（关闭：从不）</translation>
    </message>
    <message>
      <source>P&amp;resenter tools</source>
      <translation>演示者工具(&amp;R)</translation>
    </message>
    <message>
      <source>Ready</source>
      <translation>就绪</translation>
    </message>
    <message>
      <source>Forward · t = {t} of {T} · iteration {n}</source>
      <translation>前向 · t = {t} / {T} · 第 {n} 次迭代</translation>
    </message>
    <message>
      <source>no iteration yet</source>
      <translation>尚未迭代</translation>
    </message>
    <message>
      <source>Backward · t = {t} of {T} · iteration {n}</source>
      <translation>反向 · t = {t} / {T} · 第 {n} 次迭代</translation>
    </message>
    <message>
      <source>iteration {n}</source>
      <translation>第 {n} 次迭代</translation>
    </message>
    <message>
      <source>{model} diverged at iteration {n} (gradient norm {norm}): try clipping or a lower learning rate</source>
      <translation>{model} 在第 {n} 次迭代发散（梯度范数 {norm}）：请尝试梯度裁剪或降低学习率</translation>
    </message>
    <message>
      <source>Resumed from iteration {n}</source>
      <translation>已从第 {n} 次迭代继续</translation>
    </message>
    <message>
      <source>Training · iteration {n}</source>
      <translation>训练中 · 第 {n} 次迭代</translation>
    </message>
    <message>
      <source>Iteration {n} · history (the run is at {m})</source>
      <translation>第 {n} 次迭代 · 历史（运行已到第 {m} 次）</translation>
    </message>
    <message>
      <source>Loss · iteration {n}</source>
      <translation>损失 · 第 {n} 次迭代</translation>
    </message>
    <message>
      <source>Update · iteration {n}</source>
      <translation>更新 · 第 {n} 次迭代</translation>
    </message>
    <message>
      <source>iteration {n} (history)</source>
      <translation>第 {n} 次迭代（历史）</translation>
    </message>
    <message>
      <source>{model} diverged at iteration {n}: try clipping or a lower learning rate</source>
      <translation>{model} 在第 {n} 次迭代发散：请尝试梯度裁剪或降低学习率</translation>
    </message>
    <message>
      <source>Iteration {n} done</source>
      <translation>第 {n} 次迭代完成</translation>
    </message>
    <message>
      <source>Presentation</source>
      <translation>演示</translation>
    </message>
    <message>
      <source>Scale</source>
      <translation>缩放</translation>
    </message>
    <message>
      <source>Size of text and lines on the projector</source>
      <translation>投影时文字和线条的大小</translation>
    </message>
    <message>
      <source>{percent} %</source>
      <translation>{percent} %</translation>
    </message>
    <message>
      <source>Lock in and go on ▶</source>
      <translation>锁定答案并继续 ▶</translation>
    </message>
    <message>
      <source>Lock in your prediction; the next step shows the truth</source>
      <translation>锁定你的预测;下一步会给出真实结果</translation>
    </message>
    <message>
      <source>Your guess, e.g. 0.01 or 1e-3</source>
      <translation>你的猜测,例如 0.01 或 1e-3</translation>
    </message>
    <message>
      <source>Locked in. The answer is measured when this step has run.</source>
      <translation>已锁定。这一步运行完后会测量答案。</translation>
    </message>
    <message>
      <source>This run gives nothing to measure here (did the model diverge?).</source>
      <translation>本次运行在这里没有可测量的值(模型是否发散了?)。</translation>
    </message>
    <message>
      <source>✓ Right</source>
      <translation>✓ 答对了</translation>
    </message>
    <message>
      <source>✗ Not this time</source>
      <translation>✗ 这次没答对</translation>
    </message>
    <message>
      <source>Predict first</source>
      <translation>先预测</translation>
    </message>
    <message>
      <source>Your prediction</source>
      <translation>你的预测</translation>
    </message>
    <message>
      <source>Locked in. The next step shows the answer.</source>
      <translation>已锁定。下一步会给出答案。</translation>
    </message>
    <message>
      <source>Pick one of the answers first (↑ ↓, then Enter).</source>
      <translation>请先选择一个答案(↑ ↓,然后按 Enter)。</translation>
    </message>
    <message>
      <source>Type a number first, e.g. 0.5 or 1e-3, then press Enter.</source>
      <translation>请先输入一个数,例如 0.5 或 1e-3,然后按 Enter。</translation>
    </message>
    <message>
      <source>You locked in no prediction.</source>
      <translation>你没有锁定预测。</translation>
    </message>
    <message>
      <source>Your predictions in this lesson: {right} of {total} right.</source>
      <translation>本课的预测:{total} 个中答对 {right} 个。</translation>
    </message>
    <message>
      <source>Your guess: {guess}</source>
      <translation>你的猜测:{guess}</translation>
    </message>
    <message>
      <source>Recomputing… %p%</source>
      <translation>正在重新计算… %p%</translation>
    </message>
    <message>
      <source>Computing…</source>
      <translation>正在计算…</translation>
    </message>
    <message>
      <source>The run starts again. Edit → Undo brings back the previous one.</source>
      <translation>运行重新开始。编辑 → 撤销可恢复之前的运行。</translation>
    </message>
    <message>
      <source>New run: {models}. Edit → Undo brings back the previous run.</source>
      <translation>新的运行：{models}。编辑 → 撤销可恢复之前的运行。</translation>
    </message>
    <message>
      <source>Back to the previous run ({where}).</source>
      <translation>已回到之前的运行（{where}）。</translation>
    </message>
    <message>
      <source>Export as Python script</source>
      <translation>导出为 Python 脚本</translation>
    </message>
    <message>
      <source>A standalone Python script that rebuilds this run (model, data, settings) and prints the loss of each of its first iterations, the same numbers as here.</source>
      <translation>一个独立的 Python 脚本:重建本次运行(模型、数据、设置),并打印前几次迭代各自的损失,数值与这里相同。</translation>
    </message>
    <message>
      <source>Import BPTT Explorer's engine (shorter; otherwise NumPy only)</source>
      <translation>导入 BPTT Explorer 的引擎(更短;否则只需 NumPy)</translation>
    </message>
    <message>
      <source>&amp;Iterations:</source>
      <translation>迭代次数(&amp;I):</translation>
    </message>
    <message>
      <source>Python &amp;script…</source>
      <translation>Python 脚本(&amp;S)…</translation>
    </message>
    <message>
      <source>Write this run as a standalone Python script that prints the same losses</source>
      <translation>把本次运行写成一个独立的 Python 脚本,打印相同的损失</translation>
    </message>
    <message>
      <source>Python script (*.py)</source>
      <translation>Python 脚本 (*.py)</translation>
    </message>
    <message>
      <source>&amp;Open session…</source>
      <translation>打开会话(&amp;O)…</translation>
    </message>
    <message>
      <source>Continue a run saved in a .bptt file</source>
      <translation>从 .bptt 文件中保存的训练继续</translation>
    </message>
    <message>
      <source>&amp;Save session…</source>
      <translation>保存会话(&amp;S)…</translation>
    </message>
    <message>
      <source>Save the run, its settings and its history to a .bptt file</source>
      <translation>把训练、设置和历史保存到 .bptt 文件</translation>
    </message>
    <message>
      <source>Save session</source>
      <translation>保存会话</translation>
    </message>
    <message>
      <source>Open session</source>
      <translation>打开会话</translation>
    </message>
    <message>
      <source>BPTT Explorer sessions (*{suffix})</source>
      <translation>BPTT Explorer 会话 (*{suffix})</translation>
    </message>
    <message>
      <source>Saving cancelled; no file was written</source>
      <translation>已取消保存；没有写入任何文件</translation>
    </message>
    <message>
      <source>Opening cancelled; nothing changed</source>
      <translation>已取消打开；没有任何改变</translation>
    </message>
    <message>
      <source>Cannot open the session</source>
      <translation>无法打开会话</translation>
    </message>
    <message>
      <source>Saving {name}…</source>
      <translation>正在保存 {name}…</translation>
    </message>
    <message>
      <source>Cannot save the session</source>
      <translation>无法保存会话</translation>
    </message>
    <message>
      <source>Opening {name}…</source>
      <translation>正在打开 {name}…</translation>
    </message>
    <message>
      <source>Opened {path}</source>
      <translation>已打开 {path}</translation>
    </message>
    <message>
      <source>Spot&amp;light lesson targets</source>
      <translation>聚光显示课程要点(&amp;L)</translation>
    </message>
    <message>
      <source>Dim the window except what the lesson card talks about</source>
      <translation>调暗窗口,只突出课程卡片所讲的部分</translation>
    </message>
    <message>
      <source>Unroll a recurrent network in time, run the forward pass left to right, and watch the gradient flow back right to left: shrinking in a vanilla RNN, carried along the cell state in an LSTM.</source>
      <translation>将循环神经网络按时间展开，从左到右运行前向传播，再看梯度从右向左流回：在普通 RNN 中逐渐消失，在 LSTM 中沿记忆元一路传递。</translation>
    </message>
    <message>
      <source>Start a lesson:</source>
      <translation>开始一节课程：</translation>
    </message>
    <message>
      <source>Explore freely ▶</source>
      <translation>自由探索 ▶</translation>
    </message>
    <message>
      <source>Go to the explorer with the default run</source>
      <translation>使用默认设置进入探索界面</translation>
    </message>
    <message>
      <source>Show this screen at start</source>
      <translation>启动时显示此页面</translation>
    </message>
    <message>
      <source>input</source>
      <translation>输入</translation>
    </message>
    <message>
      <source>target</source>
      <translation>目标</translation>
    </message>
    <message>
      <source>prediction</source>
      <translation>预测</translation>
    </message>
    <message>
      <source>right?</source>
      <translation>对吗？</translation>
    </message>
    <message>
      <source>data</source>
      <translation>数据</translation>
    </message>
    <message>
      <source>marker</source>
      <translation>标记</translation>
    </message>
    <message>
      <source>distractor</source>
      <translation>干扰项</translation>
    </message>
    <message>
      <source>cue</source>
      <translation>提示</translation>
    </message>
    <message>
      <source>&lt;p&gt;&lt;b&gt;input:&lt;/b&gt; &lt;tt&gt;{input}&lt;/tt&gt;&lt;/p&gt;&lt;p&gt;&lt;b&gt;predicted next characters&lt;/b&gt; (shade = probability of the right one, dark low → yellow high):&lt;br&gt;&lt;tt&gt;{predicted}&lt;/tt&gt;&lt;/p&gt;&lt;p&gt;&lt;b&gt;target:&lt;/b&gt; &lt;tt&gt;{target}&lt;/tt&gt;&lt;/p&gt;&lt;p&gt;&lt;b&gt;generated sample:&lt;/b&gt;&lt;br&gt;&lt;tt&gt;{sample}&lt;/tt&gt;&lt;/p&gt;</source>
      <translation>&lt;p&gt;&lt;b&gt;输入：&lt;/b&gt; &lt;tt&gt;{input}&lt;/tt&gt;&lt;/p&gt;&lt;p&gt;&lt;b&gt;预测的下一个字符&lt;/b&gt;（底色 = 正确字符的概率，深色低 → 黄色高）：&lt;br&gt;&lt;tt&gt;{predicted}&lt;/tt&gt;&lt;/p&gt;&lt;p&gt;&lt;b&gt;目标：&lt;/b&gt; &lt;tt&gt;{target}&lt;/tt&gt;&lt;/p&gt;&lt;p&gt;&lt;b&gt;生成的样本：&lt;/b&gt;&lt;br&gt;&lt;tt&gt;{sample}&lt;/tt&gt;&lt;/p&gt;</translation>
    </message>
    <message>
      <source>␣ space · ↵ new line · ⍰ a character outside the model's vocabulary</source>
      <translation>␣ 空格 · ↵ 换行 · ⍰ 词表之外的字符</translation>
    </message>
    <message>
      <source>Each column is one time step: what went in, what should come out, what the model said</source>
      <translation>每一列是一个时间步：输入了什么、应当输出什么、模型输出了什么</translation>
    </message>
    <message>
      <source>input (grey: distractor)</source>
      <translation>输入（灰色：干扰项）</translation>
    </message>
    <message>
      <source>Whose predictions to show</source>
      <translation>显示哪个模型的预测</translation>
    </message>
    <message>
      <source>prediction ✓</source>
      <translation>预测 ✓</translation>
    </message>
    <message>
      <source>prediction ✗</source>
      <translation>预测 ✗</translation>
    </message>
    <message>
      <source>symbol</source>
      <translation>符号</translation>
    </message>
    <message>
      <source>Model:</source>
      <translation>模型：</translation>
    </message>
    <message>
      <source>Training in the background: the panel updates when you pause.</source>
      <translation>正在后台训练：暂停后面板会更新。</translation>
    </message>
    <message>
      <source>time step</source>
      <translation>时间步</translation>
    </message>
    <message>
      <source>{k}-step</source>
      <translation>{k} 步预测</translation>
    </message>
    <message>
      <source>{score} of {total} scored steps right</source>
      <translation>{total} 个计分步中答对 {score} 个</translation>
    </message>
    <message>
      <source>Step into the first iteration to see what the models predict.</source>
      <translation>进入第一次迭代，即可看到模型的预测。</translation>
    </message>
    <message>
      <source>No model to show (all diverged).</source>
      <translation>没有可显示的模型（全部已发散）。</translation>
    </message>
    <message>
      <source>input {d}</source>
      <translation>输入 {d}</translation>
    </message>
    <message>
      <source>The task panel is not available: {error}</source>
      <translation>任务面板不可用：{error}</translation>
    </message>
    <message>
      <source>Where the step-through stands: phase, time step, iteration</source>
      <translation>逐步演示的进度：阶段、时间步、迭代</translation>
    </message>
    <message>
      <source>Play speed: time steps revealed per second</source>
      <translation>播放速度：每秒揭示的时间步数</translation>
    </message>
    <message>
      <source>History</source>
      <translation>历史</translation>
    </message>
    <message>
      <source>Drag to look at a past iteration</source>
      <translation>拖动以查看过去的迭代</translation>
    </message>
    <message>
      <source>Past iterations kept in memory; drag to show one</source>
      <translation>内存中保留的过去迭代；拖动以显示其中之一</translation>
    </message>
    <message>
      <source>live</source>
      <translation>实时</translation>
    </message>
    <message>
      <source>Speed</source>
      <translation>速度</translation>
    </message>
    <message>
      <source>Live</source>
      <translation>实时</translation>
    </message>
    <message>
      <source>Resume from here</source>
      <translation>从此处继续</translation>
    </message>
    <message>
      <source>Reset</source>
      <translation>重置</translation>
    </message>
    <message>
      <source>Step</source>
      <translation>单步</translation>
    </message>
    <message>
      <source>Finish pass</source>
      <translation>完成传播</translation>
    </message>
    <message>
      <source>Iteration</source>
      <translation>迭代</translation>
    </message>
    <message>
      <source>Play</source>
      <translation>播放</translation>
    </message>
    <message>
      <source>Train</source>
      <translation>训练</translation>
    </message>
    <message>
      <source>iteration {n} (past)</source>
      <translation>第 {n} 次迭代（过去）</translation>
    </message>
    <message>
      <source>live · {n} kept</source>
      <translation>实时 · 保留 {n} 次</translation>
    </message>
    <message>
      <source>to unit k</source>
      <translation>到单元 k</translation>
    </message>
    <message>
      <source>Which recurrent block to show</source>
      <translation>显示哪个循环权重块</translation>
    </message>
    <message>
      <source>Spectral radius: the largest |eigenvalue|. Above 1 the linearised recurrence grows.</source>
      <translation>谱半径：最大的 |特征值|。大于 1 时线性化的循环会增长。</translation>
    </message>
    <message>
      <source>from j</source>
      <translation>来自 j</translation>
    </message>
    <message>
      <source>diverged</source>
      <translation>已发散</translation>
    </message>
    <message>
      <source>Sine forecasting</source>
      <translation>正弦预测</translation>
    </message>
    <message>
      <source>A sine wave with noise, as in the course notes. The network reads a stretch of the series and predicts the next value at every step. Trained on the first 60 % of the series, it is scored on the rest, one step ahead and k = 4, 16, 64 steps ahead, where it must feed on its own predictions. Compare it with the notes' small autoregressive MLP, which sees only the last 4 values.</source>
      <translation>带噪声的正弦波，与课程讲义相同。网络读入序列的一段，并在每个时间步预测下一个值。在序列的前 60 % 上训练，在其余部分上评分：单步预测，以及 k = 4、16、64 步预测（此时网络必须以自己的预测为输入）。可与讲义中只看最近 4 个值的小型自回归 MLP 比较。</translation>
    </message>
    <message>
      <source>held-out part t &gt; {split}; each forecast starts after a {warmup}-step warm-up on true values, then feeds on its own predictions</source>
      <translation>留出部分 t &gt; {split}；每次预测先用真实值预热 {warmup} 步，之后以自己的预测为输入</translation>
    </message>
    <message>
      <source>Window length T the network reads; also the warm-up before forecasting.</source>
      <translation>网络读入的窗口长度 T；也是预测前的预热期。</translation>
    </message>
    <message>
      <source>Number of points in the series (the notes use 1000).</source>
      <translation>序列中的点数（讲义使用 1000）。</translation>
    </message>
    <message>
      <source>Standard deviation of the Gaussian noise on the sine (the notes use 0.2).</source>
      <translation>正弦上高斯噪声的标准差（讲义使用 0.2）。</translation>
    </message>
    <message>
      <source>Random seed of the evaluation set (and of the data, where the task has fixed data).</source>
      <translation>评估集的随机种子（对数据固定的任务，也是数据的随机种子）。</translation>
    </message>
    <message>
      <source>mse</source>
      <translation>均方误差</translation>
    </message>
    <message>
      <source>mse_k1</source>
      <translation>均方误差 (k=1)</translation>
    </message>
    <message>
      <source>mse_k4</source>
      <translation>均方误差 (k=4)</translation>
    </message>
    <message>
      <source>mse_k16</source>
      <translation>均方误差 (k=16)</translation>
    </message>
    <message>
      <source>mse_k64</source>
      <translation>均方误差 (k=64)</translation>
    </message>
    <message>
      <source>previous value mse</source>
      <translation>前一个值的均方误差</translation>
    </message>
    <message>
      <source>noise floor</source>
      <translation>噪声下限</translation>
    </message>
    <message>
      <source>Character language model</source>
      <translation>字符级语言模型</translation>
    </message>
    <message>
      <source>The network reads text one character at a time and predicts the next character. Its quality is the perplexity: how many characters it is, on average, hesitating between (1 = always sure and right). Counting models that look at the last 0, 1 or 2 characters (unigram, bigram, trigram) give reference lines. After training, the network can write text of its own, starting from a prefix it reads first (warm-up).</source>
      <translation>网络逐个字符读入文本并预测下一个字符。其质量用困惑度衡量：平均而言它在多少个字符之间犹豫（1 = 总是确定且正确）。只看最近 0、1 或 2 个字符的计数模型（一元、二元、三元语法）给出参考线。训练后，网络可以在先读入一段前缀（预热期）之后自己写出文本。</translation>
    </message>
    <message>
      <source>perplexity on this window {ppl:.2f}; sample: warm-up on {prefix}, temperature {temperature}</source>
      <translation>此窗口上的困惑度 {ppl:.2f}；样本：以 {prefix} 预热，温度 {temperature}</translation>
    </message>
    <message>
      <source>Text to learn: the word 'machine', the Zen of Python, or a UTF-8 file.</source>
      <translation>要学习的文本：单词“machine”、Python 之禅，或一个 UTF-8 文件。</translation>
    </message>
    <message>
      <source>machine</source>
      <translation>machine</translation>
    </message>
    <message>
      <source>zen</source>
      <translation>Python 之禅</translation>
    </message>
    <message>
      <source>file</source>
      <translation>文件</translation>
    </message>
    <message>
      <source>The text file to use when corpus is 'file' (at most 10 MB are read).</source>
      <translation>语料为“文件”时使用的文本文件（最多读取 10 MB）。</translation>
    </message>
    <message>
      <source>Characters per training sequence T ('machine' allows at most 6).</source>
      <translation>每个训练序列的字符数 T（“machine”最多允许 6）。</translation>
    </message>
    <message>
      <source>Characters seen fewer times than this become &lt;unk&gt;.</source>
      <translation>出现次数少于此值的字符变为 &lt;unk&gt;。</translation>
    </message>
    <message>
      <source>At most this many tokens (including &lt;unk&gt;); rarer characters become &lt;unk&gt;.</source>
      <translation>最多这么多个词元（包括 &lt;unk&gt;）；更少见的字符变为 &lt;unk&gt;。</translation>
    </message>
    <message>
      <source>Fraction of training input characters replaced at random (evaluation stays clean).</source>
      <translation>训练输入中被随机替换的字符比例（评估数据保持干净）。</translation>
    </message>
    <message>
      <source>Random windows, or sequential rows where each batch continues the last one.</source>
      <translation>随机采样的窗口，或顺序分区：每个批量接着上一个批量继续读。</translation>
    </message>
    <message>
      <source>random</source>
      <translation>随机</translation>
    </message>
    <message>
      <source>sequential</source>
      <translation>顺序分区</translation>
    </message>
    <message>
      <source>perplexity</source>
      <translation>困惑度</translation>
    </message>
    <message>
      <source>unigram perplexity</source>
      <translation>一元语法困惑度</translation>
    </message>
    <message>
      <source>bigram perplexity</source>
      <translation>二元语法困惑度</translation>
    </message>
    <message>
      <source>trigram perplexity</source>
      <translation>三元语法困惑度</translation>
    </message>
    <message>
      <source>uniform perplexity</source>
      <translation>均匀分布困惑度</translation>
    </message>
    <message>
      <source>Adding problem</source>
      <translation>加法问题</translation>
    </message>
    <message>
      <source>Each step shows a random number between 0 and 1 and a marker. Two steps are marked, one in each half of the sequence. At the last step the network must output the sum of the two marked numbers, so it has to keep the first one in memory for at least half the sequence. Always answering 1 scores an error of 1/6; a model that has learned the task goes below 0.01.</source>
      <translation>每个时间步给出一个 0 到 1 之间的随机数和一个标记。有两个时间步被标记，序列前后两半各一个。在最后一步，网络必须输出两个被标记数之和，因此它必须把第一个数记住至少半个序列。总是回答 1 的误差为 1/6；学会了该任务的模型误差低于 0.01。</translation>
    </message>
    <message>
      <source>marked at t={first} and t={second}: {a:.2f} + {b:.2f} = {target:.2f}; predicted {predicted:.2f}</source>
      <translation>标记于 t={first} 和 t={second}：{a:.2f} + {b:.2f} = {target:.2f}；预测 {predicted:.2f}</translation>
    </message>
    <message>
      <source>Sequence length T; the first marked value must be kept for at least T/2 steps.</source>
      <translation>序列长度 T；第一个被标记的值必须保存至少 T/2 步。</translation>
    </message>
    <message>
      <source>Standard deviation of Gaussian jitter on the marker channel at every step.</source>
      <translation>每个时间步标记通道上高斯抖动的标准差。</translation>
    </message>
    <message>
      <source>predict 1 (theory)</source>
      <translation>预测 1（理论值）</translation>
    </message>
    <message>
      <source>Delayed recall</source>
      <translation>延迟回忆</translation>
    </message>
    <message>
      <source>The first step shows one of a few symbols. Then come many steps of other symbols, flagged as distractors, and finally a cue asks: which symbol came first? The network has to let the first symbol into its memory, shut out all later ones, and hold it through the whole delay. Guessing gives accuracy 1/n; the task counts as solved at 99 %.</source>
      <translation>第一步给出几个符号之一。之后是许多步被标记为干扰项的其他符号，最后一个提示问：最先出现的是哪个符号？网络必须让第一个符号进入记忆，挡住之后的所有符号，并在整个延迟期间保持它。随机猜测的准确率为 1/n；准确率达到 99 % 即视为解决。</translation>
    </message>
    <message>
      <source>answer {answer}; predicted {predicted} (p = {p:.2f}), right</source>
      <translation>答案 {answer}；预测 {predicted}（p = {p:.2f}），正确</translation>
    </message>
    <message>
      <source>answer {answer}; predicted {predicted} (p = {p:.2f}), wrong</source>
      <translation>答案 {answer}；预测 {predicted}（p = {p:.2f}），错误</translation>
    </message>
    <message>
      <source>Number of distractor steps between the symbol and the cue (T = lag + 2).</source>
      <translation>符号与提示之间的干扰步数（T = 间隔 + 2）。</translation>
    </message>
    <message>
      <source>How many different symbols can be shown; chance accuracy is 1/n.</source>
      <translation>可显示的不同符号数；随机准确率为 1/n。</translation>
    </message>
    <message>
      <source>During the wait: random symbols flagged as distractors, a random value in [0, 1), or a constant.</source>
      <translation>等待期间：标记为干扰项的随机符号、[0, 1) 中的随机值，或常数。</translation>
    </message>
    <message>
      <source>symbols</source>
      <translation>符号</translation>
    </message>
    <message>
      <source>constant</source>
      <translation>常数</translation>
    </message>
    <message>
      <source>Standard deviation of Gaussian noise added to every input channel.</source>
      <translation>加到每个输入通道上的高斯噪声的标准差。</translation>
    </message>
    <message>
      <source>accuracy</source>
      <translation>准确率</translation>
    </message>
    <message>
      <source>Temporal order</source>
      <translation>时间顺序</translation>
    </message>
    <message>
      <source>A long string of random letters a–d hides two important symbols, each X or Y: one early, one near the middle. At the end the network must say which appeared, in order: XX, XY, YX or YY. It has to remember the early symbol across most of the sequence and ignore all the noise letters. Guessing gives accuracy 1/4.</source>
      <translation>一长串随机字母 a–d 中藏着两个重要符号，每个是 X 或 Y：一个在前部，一个在中间附近。最后网络必须按顺序说出出现的是哪两个：XX、XY、YX 或 YY。它必须在大半个序列中记住前面的符号，并忽略所有噪声字母。随机猜测的准确率为 1/4。</translation>
    </message>
    <message>
      <source>Sequence length T; the first relevant symbol appears near 0.1–0.2 T.</source>
      <translation>序列长度 T；第一个相关符号出现在约 0.1–0.2 T 处。</translation>
    </message>
    <message>
      <source>Embedded Reber grammar</source>
      <translation>嵌入式 Reber 语法</translation>
    </message>
    <message>
      <source>Strings from a small grammar of the letters B T P S X V E. At each step the network guesses the next letter. Most steps need only recent context, but the second-to-last letter always repeats the second letter, so getting it right means remembering it across the whole string. A string counts as learned when, at every step, the letters the network ranks highest are exactly the ones the grammar allows.</source>
      <translation>由字母 B T P S X V E 组成的小型语法生成的字符串。在每个时间步，网络猜测下一个字母。大多数时间步只需要最近的上下文，但倒数第二个字母总是重复第二个字母，要猜对它就必须在整个字符串中记住它。当网络在每一步排名最高的字母恰好是语法允许的字母时，该字符串算作学会。</translation>
    </message>
    <message>
      <source>{string}: legal letters ranked first at {ok} of {steps} steps; the long-range step (predicting '{symbol}') is right</source>
      <translation>{string}：{steps} 步中有 {ok} 步把合法字母排在首位；长程的一步（预测 '{symbol}'）正确</translation>
    </message>
    <message>
      <source>{string}: legal letters ranked first at {ok} of {steps} steps; the long-range step (predicting '{symbol}') is wrong</source>
      <translation>{string}：{steps} 步中有 {ok} 步把合法字母排在首位；长程的一步（预测 '{symbol}'）错误</translation>
    </message>
    <message>
      <source>Padded length T; strings longer than T + 1 letters are drawn again.</source>
      <translation>填充后的长度 T；长于 T + 1 个字母的字符串会重新抽取。</translation>
    </message>
    <message>
      <source>Standard deviation of Gaussian noise added to the one-hot inputs.</source>
      <translation>加到独热输入上的高斯噪声的标准差。</translation>
    </message>
    <message>
      <source>strings_correct</source>
      <translation>正确字符串比例</translation>
    </message>
    <message>
      <source>ideal loss</source>
      <translation>理想损失</translation>
    </message>
    <message>
      <source>uniform loss</source>
      <translation>均匀分布损失</translation>
    </message>
    <message>
      <source>Marker ahead</source>
      <translation>后面有标记吗</translation>
    </message>
    <message>
      <source>Letters a–d go by, and some sequences hide one X. At every step the network answers: will an X still come? Reading only the past, a network cannot know; the best it can do is the causal ceiling, near chance at the start. A bidirectional network also reads the sequence backwards and can answer every step right.</source>
      <translation>字母 a–d 依次出现，有些序列中藏着一个 X。网络在每个时间步回答：后面还会出现 X 吗？只读过去的网络无法知道，最多只能达到因果上限，在序列开头接近瞎猜。双向网络还会从后往前读序列，因此每一步都能答对。</translation>
    </message>
    <message>
      <source>{right} of {steps} steps right; a causal model can expect {ceiling:.0%} at best, {early:.0%} on the first quarter</source>
      <translation>{steps} 步中答对 {right} 步；因果模型的期望准确率最多 {ceiling:.0%}，前四分之一为 {early:.0%}</translation>
    </message>
    <message>
      <source>Sequence length T.</source>
      <translation>序列长度 T。</translation>
    </message>
    <message>
      <source>Probability that a sequence holds an X (at a random step).</source>
      <translation>一个序列含有 X 的概率（位置随机）。</translation>
    </message>
    <message>
      <source>causal ceiling</source>
      <translation>因果上限</translation>
    </message>
    <message>
      <source>causal ceiling, first quarter</source>
      <translation>因果上限（前四分之一）</translation>
    </message>
    <message>
      <source>Sequence patterns</source>
      <translation>序列模式</translation>
    </message>
    <message>
      <source>The same recurrent cell in four set-ups. One-to-many: one symbol in, then count up from it. Many-to-one: a sequence in, one answer at the end (the most frequent symbol). Synchronous many-to-many: an answer at every step (the largest symbol so far). Asynchronous many-to-many: a sequence in, then repeat it after an end mark.</source>
      <translation>同一个循环单元的四种用法。一对多：输入一个符号，然后从它开始往上数。多对一：输入一个序列，最后给出一个答案（出现最多的符号）。同步多对多：每个时间步都给出答案（到目前为止最大的符号）。异步多对多：先输入一个序列，在结束标记之后再把它重复一遍。</translation>
    </message>
    <message>
      <source>input at {inputs} of {steps} steps, {scored} scored, {right} right</source>
      <translation>{steps} 步中 {inputs} 步有输入，{scored} 步计分，{right} 步答对</translation>
    </message>
    <message>
      <source>Where the inputs arrive and which steps are scored.</source>
      <translation>输入在哪些时间步出现，哪些时间步计分。</translation>
    </message>
    <message>
      <source>one-to-many</source>
      <translation>一对多</translation>
    </message>
    <message>
      <source>many-to-one</source>
      <translation>多对一</translation>
    </message>
    <message>
      <source>synchronous</source>
      <translation>同步多对多</translation>
    </message>
    <message>
      <source>asynchronous</source>
      <translation>异步多对多</translation>
    </message>
    <message>
      <source>Number of symbols L the sequence reads or writes.</source>
      <translation>序列读入或写出的符号个数 L。</translation>
    </message>
    <message>
      <source>How many different symbols there are; chance accuracy is 1/n.</source>
      <translation>不同符号的个数；瞎猜的准确率为 1/n。</translation>
    </message>
    <message>
      <source>Reverse</source>
      <translation>反转</translation>
    </message>
    <message>
      <source>Read a string of letters, then write it backwards and end with &lt;eos&gt;. The first letters to write are the last ones read, which makes this easier than copying.</source>
      <translation>读入一串字母,再把它倒过来写出,并以 &lt;eos&gt; 结束。最先要写的字母正是最后读到的,所以这比复制更容易。</translation>
    </message>
    <message>
      <source>{right} of {tokens} target tokens right in free running; source: {source}</source>
      <translation>自由运行时 {tokens} 个目标词元中对了 {right} 个;源序列:{source}</translation>
    </message>
    <message>
      <source>Shortest source string.</source>
      <translation>最短的源字符串。</translation>
    </message>
    <message>
      <source>Longest source string.</source>
      <translation>最长的源字符串。</translation>
    </message>
    <message>
      <source>How many different letters the strings use.</source>
      <translation>字符串使用多少种不同的字母。</translation>
    </message>
    <message>
      <source>token_accuracy</source>
      <translation>词元准确率</translation>
    </message>
    <message>
      <source>exact_match</source>
      <translation>完全匹配率</translation>
    </message>
    <message>
      <source>teacher_forced_accuracy</source>
      <translation>强制教学下的准确率</translation>
    </message>
    <message>
      <source>exposure_gap</source>
      <translation>暴露偏差差距</translation>
    </message>
    <message>
      <source>Copy</source>
      <translation>复制</translation>
    </message>
    <message>
      <source>Read a string of letters, then write it again and end with &lt;eos&gt;. The encoder must pack the whole string into its final state; the decoder unpacks it in order.</source>
      <translation>读入一串字母,再把它原样写出,并以 &lt;eos&gt; 结束。编码器必须把整串字母装进它的最终状态;解码器再按顺序把它解开。</translation>
    </message>
    <message>
      <source>Question and answer</source>
      <translation>问答</translation>
    </message>
    <message>
      <source>A tiny chatbot: the encoder reads a question one character at a time, the decoder writes the answer one character at a time and ends it with &lt;eos&gt;. A few dozen pairs, to be learnt by heart.</source>
      <translation>一个很小的聊天机器人:编码器逐个字符读入问题,解码器逐个字符写出回答,并以 &lt;eos&gt; 结束。只有几十对问答,要全部背下来。</translation>
    </message>
    <message>
      <source>Which set of questions and answers to learn.</source>
      <translation>学习哪一组问答。</translation>
    </message>
    <message>
      <source>en</source>
      <translation>英文</translation>
    </message>
    <message>
      <source>zh_CN</source>
      <translation>简体中文</translation>
    </message>
    <message>
      <source>zh_TW</source>
      <translation>繁体中文</translation>
    </message>
    <message>
      <source>Which sequence problem the models learn.</source>
      <translation>模型学习哪个序列问题。</translation>
    </message>
    <message>
      <source>The task's own settings (sequence length, noise, seed …).</source>
      <translation>任务自身的设置（序列长度、噪声、随机种子…）。</translation>
    </message>
    <message>
      <source>The recurrent cells trained side by side on identical batches.</source>
      <translation>在相同批量上并排训练的循环单元。</translation>
    </message>
    <message>
      <source>Number of hidden units H of every model.</source>
      <translation>每个模型的隐藏单元数 H。</translation>
    </message>
    <message>
      <source>Recurrent layers stacked on each other (deep RNN): layer l reads the states of layer l − 1.</source>
      <translation>循环层逐层堆叠（深度循环神经网络）：第 l 层读取第 l − 1 层的隐状态。</translation>
    </message>
    <message>
      <source>Also read every sequence backwards: each layer gets a reverse direction, and the output at step t sees the whole sequence, past and future.</source>
      <translation>同时反向读取每个序列：每一层增加一个反向方向，时间步 t 的输出能看到整个序列的过去和未来。</translation>
    </message>
    <message>
      <source>Teacher forcing ratio r: the probability that the decoder of a sequence-to-sequence task (or an output-recurrent network) is fed the true previous token rather than its own prediction (1: always the truth, 0: free running). An output-recurrent network takes 1 or 0 only.</source>
      <translation>强制教学比例 r:序列到序列任务的解码器(或输出循环网络)在每一步被输入真实的上一个词元、而不是它自己的预测的概率(1:总是真实值,0:自由运行)。输出循环网络只取 1 或 0。</translation>
    </message>
    <message>
      <source>Output recurrence (Goodfellow's figure in the notes): h_t reads the previous output o_{t−1} through W_oh instead of h_{t−1} through W_hh. Vanilla RNN, one layer only.</source>
      <translation>输出循环(讲义中 Goodfellow 的图):h_t 通过 W_oh 读取上一步的输出 o_{t−1},而不是通过 W_hh 读取 h_{t−1}。仅限普通 RNN、单层。</translation>
    </message>
    <message>
      <source>Sequences per training batch B.</source>
      <translation>每个训练批量中的序列数 B。</translation>
    </message>
    <message>
      <source>How gradients become weight updates.</source>
      <translation>梯度如何变成权重更新。</translation>
    </message>
    <message>
      <source>sgd</source>
      <translation>SGD</translation>
    </message>
    <message>
      <source>momentum</source>
      <translation>动量法</translation>
    </message>
    <message>
      <source>adam</source>
      <translation>Adam</translation>
    </message>
    <message>
      <source>Step size of the optimizer.</source>
      <translation>优化器的步长。</translation>
    </message>
    <message>
      <source>Momentum coefficient (momentum optimizer only).</source>
      <translation>动量系数（仅用于动量法）。</translation>
    </message>
    <message>
      <source>How the weights are initialised.</source>
      <translation>权重如何初始化。</translation>
    </message>
    <message>
      <source>uniform</source>
      <translation>均匀分布</translation>
    </message>
    <message>
      <source>xavier</source>
      <translation>Xavier</translation>
    </message>
    <message>
      <source>orthogonal</source>
      <translation>正交</translation>
    </message>
    <message>
      <source>identity</source>
      <translation>单位矩阵</translation>
    </message>
    <message>
      <source>Multiplies the recurrent weights at start. The spectral radius it gives depends on the initialisation: equal to the scale for orthogonal or identity weights, smaller for uniform ones.</source>
      <translation>开始时乘到循环权重上。得到的谱半径取决于初始化方式：正交或单位矩阵初始化时等于该倍数，均匀初始化时更小。</translation>
    </message>
    <message>
      <source>Initial bias of the LSTM forget gate.</source>
      <translation>LSTM 遗忘门的初始偏置。</translation>
    </message>
    <message>
      <source>Off gives the 1997 LSTM: forget gate fixed at 1.</source>
      <translation>关闭即为 1997 年的 LSTM：遗忘门固定为 1。</translation>
    </message>
    <message>
      <source>Non-linearity φ of the vanilla RNN.</source>
      <translation>普通 RNN 的非线性激活函数 φ。</translation>
    </message>
    <message>
      <source>tanh</source>
      <translation>tanh</translation>
    </message>
    <message>
      <source>relu</source>
      <translation>ReLU</translation>
    </message>
    <message>
      <source>Full BPTT, truncated every k steps, or randomized truncation.</source>
      <translation>完整的通过时间反向传播、每 k 步截断，或随机截断。</translation>
    </message>
    <message>
      <source>full</source>
      <translation>完整</translation>
    </message>
    <message>
      <source>truncated</source>
      <translation>截断</translation>
    </message>
    <message>
      <source>Truncated BPTT: detach the state every k steps.</source>
      <translation>截断的通过时间反向传播：每 k 步分离一次状态。</translation>
    </message>
    <message>
      <source>Randomized truncation: probability that the gradient flows on at a step.</source>
      <translation>随机截断：梯度在某一步继续传递的概率。</translation>
    </message>
    <message>
      <source>Gradient clipping: off, by global norm, or element-wise by value.</source>
      <translation>梯度裁剪：关闭、按全局范数，或按元素值裁剪。</translation>
    </message>
    <message>
      <source>norm</source>
      <translation>范数</translation>
    </message>
    <message>
      <source>Clipping threshold (norm or value).</source>
      <translation>裁剪阈值（范数或值）。</translation>
    </message>
    <message>
      <source>Random seed of the weights and the batches.</source>
      <translation>权重和批量的随机种子。</translation>
    </message>
    <message>
      <source>Evaluate the task metric every this many iterations (while Train runs, only as often as 3 % of the training time allows: some are then skipped).</source>
      <translation>每隔这么多次迭代评估一次任务指标（训练运行时，评估至多占用 3% 的训练时间，因此会跳过其中一些）。</translation>
    </message>
    <message>
      <source>Which sequence of the batch the views show.</source>
      <translation>视图显示批量中的哪个序列。</translation>
    </message>
    <message>
      <source>Memory kept for the history of past iterations.</source>
      <translation>为过去迭代的历史记录保留的内存。</translation>
    </message>
    <message>
      <source>Vanilla RNN</source>
      <translation>普通 RNN</translation>
    </message>
    <message>
      <source>LSTM</source>
      <translation>LSTM</translation>
    </message>
    <message>
      <source>GRU</source>
      <translation>GRU</translation>
    </message>
    <message>
      <source>(no forget gate)</source>
      <translation type="vanished">（无遗忘门）</translation>
    </message>
    <message>
      <source>(stored: {value})</source>
      <translation type="vanished">（存储值：{value}）</translation>
    </message>
    <message>
      <source>, bidirectional</source>
      <translation type="vanished">，双向</translation>
    </message>
    <message>
      <source>Back to the normal layout</source>
      <translation type="vanished">回到普通布局</translation>
    </message>
    <message>
      <source>Blue: negative, red: positive. Inputs x and outputs o are scaled to their row's largest value.</source>
      <translation type="vanished">蓝色：负值，红色：正值。输入 x 和输出 o 按各行的最大值缩放。</translation>
    </message>
    <message>
      <source>Dashed: the vanilla RNN's upper bound, scaled to start at its value at t = T.</source>
      <translation type="vanished">虚线：普通 RNN 的上界，缩放到在 t = T 处与其值相同。</translation>
    </message>
    <message>
      <source>Dim the window except what the lesson card talks about (Ctrl+L)</source>
      <translation type="vanished">调暗窗口,只突出课程卡片所讲的部分(Ctrl+L)</translation>
    </message>
    <message>
      <source>Evaluate the task metric every this many iterations.</source>
      <translation type="vanished">每隔这么多次迭代评估一次任务指标。</translation>
    </message>
    <message>
      <source>Finish the current forward or backward pass</source>
      <translation type="vanished">完成当前的前向或反向传播</translation>
    </message>
    <message>
      <source>Full screen</source>
      <translation type="vanished">全屏</translation>
    </message>
    <message>
      <source>Gradient norm: before — / after ┄ clipping</source>
      <translation type="vanished">梯度范数：裁剪前 — / 裁剪后 ┄</translation>
    </message>
    <message>
      <source>New run: {models}</source>
      <translation type="vanished">新的运行：{models}</translation>
    </message>
    <message>
      <source>Next / previous lesson card (presenter remotes)</source>
      <translation type="vanished">下一张 / 上一张课程卡片（翻页笔）</translation>
    </message>
    <message>
      <source>Play / pause the step-through</source>
      <translation type="vanished">播放 / 暂停逐步演示</translation>
    </message>
    <message>
      <source>Presentation mode on / off (projector)</source>
      <translation type="vanished">演示模式开 / 关（投影仪）</translation>
    </message>
    <message>
      <source>Quit</source>
      <translation type="vanished">退出</translation>
    </message>
    <message>
      <source>Reset the run (same seed, same run)</source>
      <translation type="vanished">重置运行（相同种子，相同运行）</translation>
    </message>
    <message>
      <source>Show or hide the settings / the inspector</source>
      <translation type="vanished">显示或隐藏设置 / 检查器</translation>
    </message>
    <message>
      <source>Step back one time step</source>
      <translation type="vanished">后退一个时间步</translation>
    </message>
    <message>
      <source>Step forward one time step</source>
      <translation type="vanished">前进一个时间步</translation>
    </message>
    <message>
      <source>The equations of stacked and bidirectional models are not shown yet; the graph and the other views show this run.</source>
      <translation type="vanished">深度（堆叠）和双向模型的公式暂不显示；计算图和其他视图会显示这次训练。</translation>
    </message>
    <message>
      <source>The equations of this model are not written out here; the graph shows it.</source>
      <translation type="vanished">此模型的方程没有在这里逐项写出;计算图展示了它的结构。</translation>
    </message>
    <message>
      <source>Train in the background / stop</source>
      <translation type="vanished">在后台训练 / 停止</translation>
    </message>
    <message>
      <source>Truncated vs full gradient (cosine)</source>
      <translation type="vanished">截断梯度与完整梯度（余弦）</translation>
    </message>
    <message>
      <source>Truncated vs full gradient: cosine —, length ratio ┄</source>
      <translation type="vanished">截断梯度与完整梯度:余弦 —,长度比 ┄</translation>
    </message>
    <message>
      <source>Truncated vs full gradient: truncation is off</source>
      <translation type="vanished">截断梯度与完整梯度：未启用截断</translation>
    </message>
    <message>
      <source>Truncation is off</source>
      <translation type="vanished">未启用截断</translation>
    </message>
    <message>
      <source>Zoom the graph in / out</source>
      <translation type="vanished">放大 / 缩小计算图</translation>
    </message>
    <message>
      <source>activation of unit {unit}:</source>
      <translation type="vanished">单元 {unit} 的激活值：</translation>
    </message>
    <message>
      <source>each gate: {rule}</source>
      <translation type="vanished">每个门：{rule}</translation>
    </message>
    <message>
      <source>forget gate: c_{t−1} is multiplied by f_t</source>
      <translation type="vanished">遗忘门：c_{t−1} 乘以 f_t</translation>
    </message>
    <message>
      <source>from step {t}</source>
      <translation type="vanished">来自时间步 {t}</translation>
    </message>
    <message>
      <source>from unit j</source>
      <translation type="vanished">来自单元 j</translation>
    </message>
    <message>
      <source>from {h}</source>
      <translation type="vanished">来自 {h}</translation>
    </message>
    <message>
      <source>from {o}</source>
      <translation type="vanished">来自 {o}</translation>
    </message>
    <message>
      <source>input gate: i_t ⊙ c̃_t is added</source>
      <translation type="vanished">输入门：加上 i_t ⊙ c̃_t</translation>
    </message>
    <message>
      <source>its bound {formula}</source>
      <translation type="vanished">它的上界 {formula}</translation>
    </message>
    <message>
      <source>loss (log)</source>
      <translation type="vanished">损失（对数）</translation>
    </message>
    <message>
      <source>t = T: nothing comes back from a later step</source>
      <translation type="vanished">t = T：没有来自后续时间步的梯度</translation>
    </message>
    <message>
      <source>through r's weights</source>
      <translation type="vanished">经由 r 的权重</translation>
    </message>
    <message>
      <source>through the candidate</source>
      <translation type="vanished">经由候选状态</translation>
    </message>
    <message>
      <source>through z</source>
      <translation type="vanished">经由 z</translation>
    </message>
    <message>
      <source>through z's weights</source>
      <translation type="vanished">经由 z 的权重</translation>
    </message>
    <message>
      <source>truncation cuts the edge to step {t}</source>
      <translation type="vanished">截断切断了通往时间步 {t} 的边</translation>
    </message>
    <message>
      <source>update gate: h_t = z ⊙ h_{t−1} + (1 − z) ⊙ h̃_t</source>
      <translation type="vanished">更新门：h_t = z ⊙ h_{t−1} + (1 − z) ⊙ h̃_t</translation>
    </message>
    <message>
      <source>{path} holds a model with {layers} layer(s){bidirectional}. The window shows one-layer, one-direction models only; continue this run with 'bptt-explorer train'. Nothing was changed.</source>
      <translation type="vanished">{path} 中的模型有 {layers} 层{bidirectional}。窗口目前只显示单层、单向的模型；请用 'bptt-explorer train' 继续这次训练。没有做任何更改。</translation>
    </message>
    <message>
      <source>{path}: exists and is not a regular file</source>
      <translation type="vanished">{path}：已存在且不是普通文件</translation>
    </message>
    <message>
      <source>{path}: not a regular file</source>
      <translation type="vanished">{path}：不是普通文件</translation>
    </message>
    <message>
      <source>{path}: written by a newer version of BPTT Explorer ({reason}); update the app to open it</source>
      <translation type="vanished">{path}：由更新版本的 BPTT Explorer 写入（{reason}）；请更新本程序后再打开</translation>
    </message>
    <message>
      <source>{path}: {name} is implausibly large</source>
      <translation type="vanished">{path}：{name} 大得不合理</translation>
    </message>
    <message>
      <source>{phase} · history</source>
      <translation type="vanished">{phase} · 历史</translation>
    </message>
    <message>
      <source>{symbol}[{unit}] = {value}. The equations of this model are not written out here; the graph shows it.</source>
      <translation type="vanished">{symbol}[{unit}] = {value}。此模型的方程没有在这里逐项写出;计算图展示了它的结构。</translation>
    </message>
    <message>
      <source>σ( x·W&lt;sub&gt;x·&lt;/sub&gt; + h&lt;sub&gt;t−1&lt;/sub&gt;·W&lt;sub&gt;h·&lt;/sub&gt; + b ) = σ(input + recurrent + bias)</source>
      <translation type="vanished">σ( x·W&lt;sub&gt;x·&lt;/sub&gt; + h&lt;sub&gt;t−1&lt;/sub&gt;·W&lt;sub&gt;h·&lt;/sub&gt; + b ) = σ(输入 + 循环 + 偏置)</translation>
    </message>
    <message>
      <source>‖gradient‖ (log)</source>
      <translation type="vanished">‖梯度‖（对数）</translation>
    </message>
    <message>
      <source>‖g‖ (log)</source>
      <translation type="vanished">‖g‖（对数）</translation>
    </message>
    <message>
      <source>‖∂L/∂h_t‖ (log scale):</source>
      <translation type="vanished">‖∂L/∂h_t‖（对数刻度）：</translation>
    </message>
    <message>
      <source>‖∂L/∂h_t‖ (log scale; grey: none):</source>
      <translation type="vanished">‖∂L/∂h_t‖（对数刻度；灰色：无梯度）：</translation>
    </message>
    <message>
      <source>→ spectral radius ρ = {value} at the start</source>
      <translation type="vanished">→ 初始谱半径 ρ = {value}</translation>
    </message>
    <message>
      <source>→ ρ = {value} at the start</source>
      <translation type="vanished">→ 初始 ρ = {value}</translation>
    </message>
    <message>
      <source>∂L/∂ (this example)</source>
      <translation type="vanished">∂L/∂（此样本）</translation>
    </message>
  </context>
</TS>
