<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_TW">
  <context>
    <name>explorer</name>
    <message>
      <source>Cannot write {path}: it is a symbolic link; choose the file it points to or another name.</source>
      <translation>無法寫入 {path}：它是一個符號連結；請選擇它指向的檔案或另一個檔案名。</translation>
    </message>
    <message>
      <source>Cannot write {path}: it is a directory, not a file.</source>
      <translation>無法寫入 {path}：它是一個資料夾（目錄），不是檔案。</translation>
    </message>
    <message>
      <source>Cannot write {path}: it is a device, pipe or socket, not a file.</source>
      <translation>無法寫入 {path}：它是裝置、管道或通訊端，不是檔案。</translation>
    </message>
    <message>
      <source>Cannot write {path}: the folder {folder} does not exist.</source>
      <translation>無法寫入 {path}：資料夾 {folder} 不存在。</translation>
    </message>
    <message>
      <source>Cannot write {path}: {reason}.</source>
      <translation>無法寫入 {path}：{reason}。</translation>
    </message>
    <message>
      <source>{path}: is a folder, not a session file</source>
      <translation>{path}：這是資料夾，不是工作階段檔案</translation>
    </message>
    <message>
      <source>{path}: is not a regular file (a device, pipe or socket), not a session file</source>
      <translation>{path}：不是普通檔案（是裝置、管道或通訊端），不是工作階段檔案</translation>
    </message>
    <message>
      <source>{path}: {size:,} bytes is far larger than any session file</source>
      <translation>{path}：{size:,} 位元組，遠大於任何工作階段檔案</translation>
    </message>
    <message>
      <source>{path}: the file is damaged ({name}: {reason})</source>
      <translation>{path}：檔案已損毀（{name}：{reason}）</translation>
    </message>
    <message>
      <source>{path}: the file is damaged ({name} holds Python objects, which are never loaded)</source>
      <translation>{path}：檔案已損毀（{name} 含有 Python 物件，這類內容從不加載）</translation>
    </message>
    <message>
      <source>{path}: no such file</source>
      <translation>{path}：檔案不存在</translation>
    </message>
    <message>
      <source>{path}: permission denied</source>
      <translation>{path}：沒有存取權限</translation>
    </message>
    <message>
      <source>{path}: cannot be read ({reason})</source>
      <translation>{path}：無法讀取（{reason}）</translation>
    </message>
    <message>
      <source>{path}: the file is damaged ({name} is nested too deeply)</source>
      <translation>{path}：檔案已損毀（{name} 嵌套過深）</translation>
    </message>
    <message>
      <source>{path}: the file is damaged ({reason})</source>
      <translation>{path}：檔案已損毀（{reason}）</translation>
    </message>
    <message>
      <source>{path}: {name} would unpack to more than the {limit:,} MB a session file may use</source>
      <translation>{path}：{name} 解壓縮后將超過工作階段檔案允許的 {limit:,} MB</translation>
    </message>
    <message>
      <source>{path}: the file is damaged or was edited ({name} does not match its checksum)</source>
      <translation>{path}：檔案已損毀或被修改（{name} 與其檢查碼不符）</translation>
    </message>
    <message>
      <source>{path}: the file is damaged ({name} holds too many arrays)</source>
      <translation>{path}：檔案已損毀（{name} 含有過多陣列）</translation>
    </message>
    <message>
      <source>{path}: not a BPTT Explorer session file (not a zip archive, or cut short)</source>
      <translation>{path}：不是 BPTT Explorer 工作階段檔案（不是 zip 壓縮檔，或檔案不完整）</translation>
    </message>
    <message>
      <source>{path}: not a BPTT Explorer session file (too many members)</source>
      <translation>{path}：不是 BPTT Explorer 工作階段檔案（成員過多）</translation>
    </message>
    <message>
      <source>{path}: would unpack to more than the {limit:,} MB a session file may use</source>
      <translation>{path}：解壓縮后將超過工作階段檔案允許的 {limit:,} MB</translation>
    </message>
    <message>
      <source>{reason}</source>
      <translation>{reason}</translation>
    </message>
    <message>
      <source>{path}: the file is damaged (missing {name})</source>
      <translation>{path}：檔案已損毀（缺少 {name}）</translation>
    </message>
    <message>
      <source>{path}: the file is damaged (a member is named {name!r})</source>
      <translation>{path}：檔案已損毀（有成員名為 {name!r}）</translation>
    </message>
    <message>
      <source>{path}: the file is damaged ({name} is cut short)</source>
      <translation>{path}：檔案已損毀（{name} 不完整）</translation>
    </message>
    <message>
      <source>Num layers</source>
      <translation>層數</translation>
    </message>
    <message>
      <source>Bidirectional</source>
      <translation>雙向</translation>
    </message>
    <message>
      <source>Teacher forcing</source>
      <translation>教師強制</translation>
    </message>
    <message>
      <source>Output recurrence</source>
      <translation>輸出遞迴</translation>
    </message>
    <message>
      <source>One iteration will take about {seconds:,.0f} s and {memory:,.0f} MB with these settings. Lower the hidden size H, the batch size B or the sequence length T for a livelier run.</source>
      <translation>按這些設置，一次疊代約需 {seconds:,.0f} 秒和 {memory:,.0f} MB 記憶體。減小隱藏單元數 H、批次大小 B 或序列長度 T，训練會更流暢。</translation>
    </message>
    <message>
      <source>These settings need about {need:,.0f} MB per iteration (plus {history:,.0f} MB of history), but this computer has {free:,.0f} MB available. Lower the hidden size H, the batch size B or the sequence length T, or compare fewer cells.</source>
      <translation>這些設置每次疊代約需 {need:,.0f} MB 記憶體（另加 {history:,.0f} MB 歷史記錄），但這台電腦只有 {free:,.0f} MB 可用。請減小隱藏單元數 H、批次大小 B 或序列長度 T，或比較更少的單元。</translation>
    </message>
    <message>
      <source>{path}: not a BPTT Explorer session file</source>
      <translation>{path}：不是 BPTT Explorer 工作階段檔案</translation>
    </message>
    <message>
      <source>{path}: written by a newer version of BPTT Explorer (session format {version}; this version reads format {supported}); please update</source>
      <translation>{path}：由較新版本的 BPTT Explorer 寫入（工作階段格式 {version}；此版本讀取格式 {supported}）；請更新</translation>
    </message>
    <message>
      <source>{path}: session format version {version} is not supported (this version of BPTT Explorer reads version {supported})</source>
      <translation>{path}：不支援工作階段格式版本 {version}（此版本的 BPTT Explorer 讀取版本 {supported}）</translation>
    </message>
    <message>
      <source>{path}: the configuration is invalid: {reason}</source>
      <translation>{path}：設定無效：{reason}</translation>
    </message>
    <message>
      <source>{path}: the saved task cannot be set up: {reason}</source>
      <translation>{path}：無法建立儲存的任務：{reason}</translation>
    </message>
    <message>
      <source>{path}: written by a newer version of BPTT Explorer (unknown settings: {names}); please update</source>
      <translation>{path}：由較新版本的 BPTT Explorer 寫入（未知設定：{names}）；請更新</translation>
    </message>
    <message>
      <source>Nothing to pin yet: run at least one iteration first.</source>
      <translation>還沒有可固定的內容：請先執行至少一次疊代。</translation>
    </message>
    <message>
      <source>{n} ghosts are pinned already: clear them before pinning another.</source>
      <translation>已固定 {n} 個對照：請先清除，再固定新的。</translation>
    </message>
    <message>
      <source>charlm: corpus 'file' needs a path to a UTF-8 text file.</source>
      <translation>字元語言模型：語料「檔案」需要一個 UTF-8 文字檔的路徑。</translation>
    </message>
    <message>
      <source>Corpus file {name} is empty.</source>
      <translation>語料檔 {name} 是空的。</translation>
    </message>
    <message>
      <source>Corpus file {name} looks like a binary file (it contains NUL bytes); please choose a plain text file.</source>
      <translation>語料檔 {name} 看起來是二進位檔（含有 NUL 位元組）；請選擇純文字檔。</translation>
    </message>
    <message>
      <source>Corpus file {name} does not look like text (too many control characters).</source>
      <translation>語料檔 {name} 看起來不是文字（控制字元太多）。</translation>
    </message>
    <message>
      <source>Corpus file {name} is too short: {length} characters, but at least {needed} are needed (sequence length + 1).</source>
      <translation>語料檔 {name} 太短：只有 {length} 個字元，至少需要 {needed} 個（序列長度 + 1）。</translation>
    </message>
    <message>
      <source>Corpus path {name} is not a regular file (a pipe, socket or device); please choose a plain text file.</source>
      <translation>語料路徑 {name} 不是普通檔案（是管道、通訊端或裝置）；請選擇純文本檔案。</translation>
    </message>
    <message>
      <source>Corpus file {name} does not exist.</source>
      <translation>語料檔 {name} 不存在。</translation>
    </message>
    <message>
      <source>Corpus path {name} is a folder, not a text file.</source>
      <translation>語料路徑 {name} 是資料夾，不是文字檔。</translation>
    </message>
    <message>
      <source>Corpus file {name} cannot be read: permission denied.</source>
      <translation>無法讀取語料檔 {name}：沒有存取權限。</translation>
    </message>
    <message>
      <source>Corpus file {name} cannot be read: {reason}.</source>
      <translation>無法讀取語料檔 {name}：{reason}。</translation>
    </message>
    <message>
      <source>Corpus file {name} is not valid UTF-8 text (undecodable byte at offset {offset}); save it as UTF-8 and try again.</source>
      <translation>語料檔 {name} 不是有效的 UTF-8 文字（位移 {offset} 處有無法解碼的位元組）；請另存為 UTF-8 後再試一次。</translation>
    </message>
    <message>
      <source>&amp;Full screen</source>
      <translation>全螢幕(&amp;F)</translation>
    </message>
    <message>
      <source>Fill the screen (Shift+F11 again to leave)</source>
      <translation>佔滿整個螢幕（再按 Shift+F11 退出）</translation>
    </message>
    <message>
      <source>&amp;Animate step-through</source>
      <translation>動畫逐步演示(&amp;A)</translation>
    </message>
    <message>
      <source>Play reveals each time step; off: play runs whole iterations</source>
      <translation>播放時逐個時間步揭示；關閉後播放整輪疊代</translation>
    </message>
    <message>
      <source>A&amp;nimations</source>
      <translation>過渡動畫(&amp;N)</translation>
    </message>
    <message>
      <source>Ease node colours from one step to the next; off: colours change at once</source>
      <translation>節點顏色從一步平滑過渡到下一步；關閉後顏色立即變化</translation>
    </message>
    <message>
      <source>Run &amp;settings panel</source>
      <translation>執行設定面板(&amp;S)</translation>
    </message>
    <message>
      <source>Show or hide the settings</source>
      <translation>顯示或隱藏設定</translation>
    </message>
    <message>
      <source>&amp;Inspector panel</source>
      <translation>檢查器面板(&amp;I)</translation>
    </message>
    <message>
      <source>Show or hide the inspector</source>
      <translation>顯示或隱藏檢查器</translation>
    </message>
    <message>
      <source>&amp;Presentation</source>
      <translation>簡報模式(&amp;P)</translation>
    </message>
    <message>
      <source>Full screen with large text for a projector (F11 or Esc to leave)</source>
      <translation>全螢幕大字，適合投影機（按 F11 或 Esc 退出）</translation>
    </message>
    <message>
      <source>Leave presentation</source>
      <translation>退出簡報</translation>
    </message>
    <message>
      <source>Leave presentation mode (also F11)</source>
      <translation>離開簡報模式（也可按 F11）</translation>
    </message>
    <message>
      <source>&amp;Light</source>
      <translation>淺色(&amp;L)</translation>
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
      <translation>深色背景淺色文字</translation>
    </message>
    <message>
      <source>&amp;Next card</source>
      <translation>下一張卡片(&amp;N)</translation>
    </message>
    <message>
      <source>The next lesson card (presenter remotes)</source>
      <translation>下一張課程卡片（翻頁筆）</translation>
    </message>
    <message>
      <source>&amp;Previous card</source>
      <translation>上一張卡片(&amp;P)</translation>
    </message>
    <message>
      <source>The previous lesson card</source>
      <translation>上一張課程卡片</translation>
    </message>
    <message>
      <source>&amp;Close lesson</source>
      <translation>關閉課程(&amp;C)</translation>
    </message>
    <message>
      <source>Leave the lesson</source>
      <translation>離開課程</translation>
    </message>
    <message>
      <source>&amp;Quit</source>
      <translation>退出(&amp;Q)</translation>
    </message>
    <message>
      <source>Close BPTT Explorer</source>
      <translation>關閉 BPTT Explorer</translation>
    </message>
    <message>
      <source>&amp;About BPTT Explorer</source>
      <translation>關於 BPTT Explorer(&amp;A)</translation>
    </message>
    <message>
      <source>Version and credits</source>
      <translation>版本與致謝</translation>
    </message>
    <message>
      <source>&amp;Keyboard shortcuts</source>
      <translation>鍵盤快捷鍵(&amp;K)</translation>
    </message>
    <message>
      <source>List every keyboard shortcut</source>
      <translation>列出所有鍵盤快捷鍵</translation>
    </message>
    <message>
      <source>&amp;Reset</source>
      <translation>重置(&amp;R)</translation>
    </message>
    <message>
      <source>Start the run again from its seed</source>
      <translation>從同一隨機種子重新開始執行</translation>
    </message>
    <message>
      <source>Step &amp;back</source>
      <translation>後退一步(&amp;B)</translation>
    </message>
    <message>
      <source>Go back one time step</source>
      <translation>後退一個時間步</translation>
    </message>
    <message>
      <source>Step &amp;forward</source>
      <translation>前進一步(&amp;F)</translation>
    </message>
    <message>
      <source>Reveal one more time step</source>
      <translation>再揭示一個時間步</translation>
    </message>
    <message>
      <source>Finish &amp;pass</source>
      <translation>完成本輪傳播(&amp;P)</translation>
    </message>
    <message>
      <source>Jump to the end of this forward or backward pass</source>
      <translation>跳到本次前向或反向傳播的末尾</translation>
    </message>
    <message>
      <source>One &amp;iteration</source>
      <translation>一次疊代(&amp;I)</translation>
    </message>
    <message>
      <source>Finish this iteration, or run a whole new one</source>
      <translation>完成本次疊代，或執行一次新的疊代</translation>
    </message>
    <message>
      <source>&amp;Play</source>
      <translation>播放(&amp;P)</translation>
    </message>
    <message>
      <source>Play the step-through (Space again to pause)</source>
      <translation>播放逐步演示（再按空格暫停）</translation>
    </message>
    <message>
      <source>&amp;Train</source>
      <translation>訓練(&amp;T)</translation>
    </message>
    <message>
      <source>Train in the background without animation; plots keep updating</source>
      <translation>在背景訓練，不播放動畫；圖表持續更新</translation>
    </message>
    <message>
      <source>&amp;Live</source>
      <translation>即時(&amp;L)</translation>
    </message>
    <message>
      <source>Leave the history and show the live run</source>
      <translation>離開歷史記錄，顯示即時執行</translation>
    </message>
    <message>
      <source>Resume from &amp;here</source>
      <translation>從此處繼續(&amp;H)</translation>
    </message>
    <message>
      <source>Continue training from the iteration shown</source>
      <translation>從所顯示的疊代繼續訓練</translation>
    </message>
    <message>
      <source>Zoom &amp;in</source>
      <translation>放大(&amp;I)</translation>
    </message>
    <message>
      <source>Zoom into the graph</source>
      <translation>放大計算圖</translation>
    </message>
    <message>
      <source>Zoom &amp;out</source>
      <translation>縮小(&amp;O)</translation>
    </message>
    <message>
      <source>Zoom out of the graph</source>
      <translation>縮小計算圖</translation>
    </message>
    <message>
      <source>&amp;Fit graph</source>
      <translation>適應窗格(&amp;F)</translation>
    </message>
    <message>
      <source>Fit the graph to its pane</source>
      <translation>讓計算圖適應窗格大小</translation>
    </message>
    <message>
      <source>&amp;Undo settings change</source>
      <translation>復原設定變更(&amp;U)</translation>
    </message>
    <message>
      <source>Bring back the run before the last settings change, reset or opened file</source>
      <translation>回到上一次變更設定、重設或開啟檔案之前的執行</translation>
    </message>
    <message>
      <source>&amp;Redo settings change</source>
      <translation>重做設定變更(&amp;R)</translation>
    </message>
    <message>
      <source>Make the undone settings change again</source>
      <translation>再次套用已復原的設定變更</translation>
    </message>
    <message>
      <source>&amp;Verify gradients</source>
      <translation>驗證梯度(&amp;V)</translation>
    </message>
    <message>
      <source>Compare the backpropagated gradient with central finite differences</source>
      <translation>將反向傳播得到的梯度與中央有限差分比較</translation>
    </message>
    <message>
      <source>Presentation &amp;scale…</source>
      <translation>簡報縮放(&amp;S)…</translation>
    </message>
    <message>
      <source>Size of text and lines in presentation mode (100–250 %)</source>
      <translation>簡報模式下文字和線條的大小（100–250 %）</translation>
    </message>
    <message>
      <source>&amp;Start screen</source>
      <translation>開始頁面(&amp;S)</translation>
    </message>
    <message>
      <source>The lessons and 'Explore freely'</source>
      <translation>課程列表與「自由探索」</translation>
    </message>
    <message>
      <source>{tip} ({keys})</source>
      <translation>{tip}（{keys}）</translation>
    </message>
    <message>
      <source>Save &amp;scene…</source>
      <translation>儲存場景(&amp;S)…</translation>
    </message>
    <message>
      <source>Save the view under the next free number (Ctrl+Shift+1 … 9 choose it)</source>
      <translation>將目前檢視儲存到下一個空編號（Ctrl+Shift+1 … 9 可指定編號）</translation>
    </message>
    <message>
      <source>&amp;Forget all scenes</source>
      <translation>刪除所有場景(&amp;F)</translation>
    </message>
    <message>
      <source>Remove every saved scene</source>
      <translation>刪除所有已儲存的場景</translation>
    </message>
    <message>
      <source>&amp;Go to scene</source>
      <translation>前往場景(&amp;G)</translation>
    </message>
    <message>
      <source>Go back to the scene saved under that number</source>
      <translation>回到以該編號儲存的場景</translation>
    </message>
    <message>
      <source>Save the view as a scene under that number</source>
      <translation>將目前檢視儲存為該編號的場景</translation>
    </message>
    <message>
      <source>All nine scenes are used: Ctrl+Shift+1 … 9 replaces one.</source>
      <translation>九個場景都已使用：按 Ctrl+Shift+1 … 9 可取代其中一個。</translation>
    </message>
    <message>
      <source>Scene {n}: {name}</source>
      <translation>場景 {n}：{name}</translation>
    </message>
    <message>
      <source>ghost {names} of this scene is no longer pinned</source>
      <translation>此場景的對照 {names} 已不再固定</translation>
    </message>
    <message>
      <source>No scenes yet (Ctrl+Shift+1 … 9 saves one)</source>
      <translation>還沒有場景（按 Ctrl+Shift+1 … 9 儲存）</translation>
    </message>
    <message>
      <source>Save scene {n}</source>
      <translation>儲存場景 {n}</translation>
    </message>
    <message>
      <source>Name of scene {n} (the key {n} brings it back):</source>
      <translation>場景 {n} 的名稱（按 {n} 鍵可回到它）：</translation>
    </message>
    <message>
      <source>Scene {n} saved: {name}. Press {n} to come back to it.</source>
      <translation>已儲存場景 {n}：{name}。按 {n} 可回到它。</translation>
    </message>
    <message>
      <source>its card is in lesson '{key}', which is not open</source>
      <translation>它的卡片屬於課程「{key}」，該課程未開啟</translation>
    </message>
    <message>
      <source>No scene {n} yet: Ctrl+Shift+{n} saves the view as scene {n}.</source>
      <translation>還沒有場景 {n}：按 Ctrl+Shift+{n} 將目前檢視儲存為場景 {n}。</translation>
    </message>
    <message>
      <source>iteration {n} is not in this run</source>
      <translation>本次執行中沒有第 {n} 次疊代</translation>
    </message>
    <message>
      <source>Lesson</source>
      <translation>課程</translation>
    </message>
    <message>
      <source>&amp;Theme</source>
      <translation>主題(&amp;T)</translation>
    </message>
    <message>
      <source>&amp;Lessons</source>
      <translation>課程(&amp;L)</translation>
    </message>
    <message>
      <source>Lessons</source>
      <translation>課程</translation>
    </message>
    <message>
      <source>Presentation scale</source>
      <translation>簡報縮放</translation>
    </message>
    <message>
      <source>⚠ Some lessons could not be loaded…</source>
      <translation>⚠ 部分課程無法載入…</translation>
    </message>
    <message>
      <source>Some lessons could not be loaded: see the Lessons menu.</source>
      <translation>部分課程無法載入：請查看「課程」選單。</translation>
    </message>
    <message>
      <source>These lesson files could not be loaded; the other lessons are available.</source>
      <translation>以下課程檔案無法載入；其他課程仍可使用。</translation>
    </message>
    <message>
      <source>Lesson {n}: {title}</source>
      <translation>第 {n} 課：{title}</translation>
    </message>
    <message>
      <source>Text and line size in presentation mode ({low}–{high} %):</source>
      <translation>簡報模式下的文字和線條大小（{low}–{high} %）：</translation>
    </message>
    <message>
      <source>Step through an iteration (→) to see which lines run</source>
      <translation>逐步執行一次疊代(→),看看哪些行在執行</translation>
    </message>
    <message>
      <source>The weight update</source>
      <translation>權重更新</translation>
    </message>
    <message>
      <source>Code</source>
      <translation>程式碼</translation>
    </message>
    <message>
      <source>&amp;Code beside the animation</source>
      <translation>程式碼與動畫對照(&amp;C)</translation>
    </message>
    <message>
      <source>Show the NumPy code of the selected model, the running lines lit</source>
      <translation>顯示所選模型的 NumPy 程式碼,正在執行的行會反白</translation>
    </message>
    <message>
      <source>&amp;View</source>
      <translation>檢視(&amp;V)</translation>
    </message>
    <message>
      <source>Forward step t = {t} of {T}</source>
      <translation>前向傳播第 t = {t} 步(共 {T} 步)</translation>
    </message>
    <message>
      <source>The loss over all {T} steps</source>
      <translation>全部 {T} 個時間步上的損失</translation>
    </message>
    <message>
      <source>Backward step t = {t} of {T}</source>
      <translation>反向傳播第 t = {t} 步(共 {T} 步)</translation>
    </message>
    <message>
      <source>{title}: colours run from {low} to {high}</source>
      <translation>{title}：顏色從 {low} 過渡到 {high}</translation>
    </message>
    <message>
      <source>Hidden units H</source>
      <translation>隱藏單元數 H</translation>
    </message>
    <message>
      <source>Layers L</source>
      <translation>層數 L</translation>
    </message>
    <message>
      <source>Batch size B</source>
      <translation>批次大小 B</translation>
    </message>
    <message>
      <source>Optimizer</source>
      <translation>最佳化器</translation>
    </message>
    <message>
      <source>Learning rate</source>
      <translation>學習率</translation>
    </message>
    <message>
      <source>Momentum</source>
      <translation>動量</translation>
    </message>
    <message>
      <source>Init</source>
      <translation>初始化</translation>
    </message>
    <message>
      <source>Recurrent scale</source>
      <translation>循環權重縮放</translation>
    </message>
    <message>
      <source>Forget-gate bias</source>
      <translation>遺忘門偏置</translation>
    </message>
    <message>
      <source>Forget gate</source>
      <translation>遺忘門</translation>
    </message>
    <message>
      <source>Activation</source>
      <translation>激活函數</translation>
    </message>
    <message>
      <source>Truncation</source>
      <translation>截斷</translation>
    </message>
    <message>
      <source>Truncate every k</source>
      <translation>每 k 步截斷</translation>
    </message>
    <message>
      <source>Keep-going prob. p</source>
      <translation>繼續機率 p</translation>
    </message>
    <message>
      <source>Clipping</source>
      <translation>梯度裁剪</translation>
    </message>
    <message>
      <source>Clip threshold</source>
      <translation>裁剪閾值</translation>
    </message>
    <message>
      <source>Seed</source>
      <translation>隨機種子</translation>
    </message>
    <message>
      <source>Evaluate every</source>
      <translation>評估間隔</translation>
    </message>
    <message>
      <source>Shown example</source>
      <translation>顯示的樣本</translation>
    </message>
    <message>
      <source>History (MB)</source>
      <translation>歷史記錄 (MB)</translation>
    </message>
    <message>
      <source>Run settings</source>
      <translation>執行設定</translation>
    </message>
    <message>
      <source>Task parameters</source>
      <translation>任務參數</translation>
    </message>
    <message>
      <source>Reset to apply</source>
      <translation>重置以應用</translation>
    </message>
    <message>
      <source>Training is running: stop it and start a new run with these settings</source>
      <translation>訓練正在進行：停止訓練並用這些設定開始新的執行</translation>
    </message>
    <message>
      <source>Cannot use these settings</source>
      <translation>無法使用這些設定</translation>
    </message>
    <message>
      <source>Sequence length T</source>
      <translation>序列長度 T</translation>
    </message>
    <message>
      <source>Symbols</source>
      <translation>符號數</translation>
    </message>
    <message>
      <source>Max vocabulary</source>
      <translation>最大詞表大小</translation>
    </message>
    <message>
      <source>Length</source>
      <translation>長度</translation>
    </message>
    <message>
      <source>Noise</source>
      <translation>雜訊</translation>
    </message>
    <message>
      <source>Corpus</source>
      <translation>語料</translation>
    </message>
    <message>
      <source>Path</source>
      <translation>路徑</translation>
    </message>
    <message>
      <source>Min freq</source>
      <translation>最低詞頻</translation>
    </message>
    <message>
      <source>Lag</source>
      <translation>間隔</translation>
    </message>
    <message>
      <source>Distractors</source>
      <translation>干擾項</translation>
    </message>
    <message>
      <source>Min length</source>
      <translation>最短長度</translation>
    </message>
    <message>
      <source>Max length</source>
      <translation>最長長度</translation>
    </message>
    <message>
      <source>Language</source>
      <translation>語言</translation>
    </message>
    <message>
      <source>Task</source>
      <translation>任務</translation>
    </message>
    <message>
      <source>Compare</source>
      <translation>比較</translation>
    </message>
    <message>
      <source>Choose a text corpus</source>
      <translation>選擇文字語料</translation>
    </message>
    <message>
      <source>Text files (*.txt);;All files (*)</source>
      <translation>文字檔案 (*.txt);;所有檔案 (*)</translation>
    </message>
    <message>
      <source>Spectral radius ρ of the recurrent matrix at the start: what this scale gives with the chosen initialisation.</source>
      <translation>循環權重矩陣在訓練開始時的譜半徑 ρ：在所選初始化下，這個縮放係數得到的值。</translation>
    </message>
    <message>
      <source>{help} ({low} – {high})</source>
      <translation>{help}（{low} – {high}）</translation>
    </message>
    <message>
      <source>Corpus file…</source>
      <translation>語料檔案…</translation>
    </message>
    <message>
      <source>Choose a UTF-8 text file for the model to learn</source>
      <translation>選擇一個 UTF-8 文字檔案供模型學習</translation>
    </message>
    <message>
      <source>{file} is larger than {mb} MB; only its first {n} characters are used.</source>
      <translation>{file} 超過 {mb} MB；只使用前 {n} 個字元。</translation>
    </message>
    <message>
      <source>→ ρ₀ = {value}</source>
      <translation>→ 初始 ρ₀ = {value}</translation>
    </message>
    <message>
      <source>{help} Allowed: {range}.</source>
      <translation>{help} 允許範圍：{range}。</translation>
    </message>
    <message>
      <source>Truncated vs full: cosine —, ratio ┄</source>
      <translation>截斷與完整梯度：餘弦 —，長度比 ┄</translation>
    </message>
    <message>
      <source>Truncated vs full: truncation off</source>
      <translation>截斷與完整梯度：未啟用截斷</translation>
    </message>
    <message>
      <source>loss</source>
      <translation>損失</translation>
    </message>
    <message>
      <source>Loss per iteration</source>
      <translation>每次疊代的損失</translation>
    </message>
    <message>
      <source>Gradient norm (┄ after clipping)</source>
      <translation>梯度範數（┄ 裁剪後）</translation>
    </message>
    <message>
      <source>metric</source>
      <translation>指標</translation>
    </message>
    <message>
      <source>iteration</source>
      <translation>疊代</translation>
    </message>
    <message>
      <source>Task metric</source>
      <translation>任務指標</translation>
    </message>
    <message>
      <source>cosine</source>
      <translation>餘弦</translation>
    </message>
    <message>
      <source>Truncated vs full gradient</source>
      <translation>截斷梯度與完整梯度</translation>
    </message>
    <message>
      <source>baseline: {name} {value}</source>
      <translation>基準線：{name} {value}</translation>
    </message>
    <message>
      <source>solved ({metric} {value})</source>
      <translation>已解決（{metric} {value}）</translation>
    </message>
    <message>
      <source>Unexpected error</source>
      <translation>意外錯誤</translation>
    </message>
    <message>
      <source>The app keeps running. Please report this with the details below.</source>
      <translation>程式會繼續執行。請連同下面的詳細資訊一起報告此問題。</translation>
    </message>
    <message>
      <source>Something went wrong: {error}</source>
      <translation>出錯了：{error}</translation>
    </message>
    <message>
      <source>Export animation</source>
      <translation>匯出動畫</translation>
    </message>
    <message>
      <source> px</source>
      <translation> 像素</translation>
    </message>
    <message>
      <source> frames/s</source>
      <translation> 幀/秒</translation>
    </message>
    <message>
      <source>Gradient through time beneath the graph</source>
      <translation>計算圖下方顯示隨時間傳播的梯度</translation>
    </message>
    <message>
      <source>Animated GIF</source>
      <translation>GIF 動畫</translation>
    </message>
    <message>
      <source>MP4 video</source>
      <translation>MP4 影片</translation>
    </message>
    <message>
      <source>MP4 needs the optional package imageio-ffmpeg, which is not installed.</source>
      <translation>MP4 需要可選包 imageio-ffmpeg，但它尚未安裝。</translation>
    </message>
    <message>
      <source>Browse…</source>
      <translation>瀏覽…</translation>
    </message>
    <message>
      <source>Size:</source>
      <translation>尺寸：</translation>
    </message>
    <message>
      <source>Frame rate:</source>
      <translation>幀率：</translation>
    </message>
    <message>
      <source>Format:</source>
      <translation>格式：</translation>
    </message>
    <message>
      <source>File:</source>
      <translation>檔案：</translation>
    </message>
    <message>
      <source>PNG image (*.png)</source>
      <translation>PNG 影像 (*.png)</translation>
    </message>
    <message>
      <source>SVG drawing (*.svg)</source>
      <translation>SVG 向量圖 (*.svg)</translation>
    </message>
    <message>
      <source>Animated GIF (*.gif)</source>
      <translation>GIF 動畫 (*.gif)</translation>
    </message>
    <message>
      <source>MP4 video (*.mp4)</source>
      <translation>MP4 影片 (*.mp4)</translation>
    </message>
    <message>
      <source>CSV table (*.csv)</source>
      <translation>CSV 表格 (*.csv)</translation>
    </message>
    <message>
      <source>NumPy archive (*.npz)</source>
      <translation>NumPy 存檔 (*.npz)</translation>
    </message>
    <message>
      <source>One iteration: forward t = 1 … T, the loss, backward t = T … 1, the update.</source>
      <translation>一次疊代：前向 t = 1 … T，損失，反向 t = T … 1，更新。</translation>
    </message>
    <message>
      <source>Cannot write {path}: {error}</source>
      <translation>無法寫入 {path}：{error}</translation>
    </message>
    <message>
      <source>Cannot write {path}: Qt could not encode the PNG image.</source>
      <translation>無法寫入 {path}：Qt 無法編碼 PNG 影像。</translation>
    </message>
    <message>
      <source>Cannot write {path}: Qt could not start the SVG drawing.</source>
      <translation>無法寫入 {path}：Qt 無法開始繪製 SVG。</translation>
    </message>
    <message>
      <source>There is no iteration to animate yet: run one first.</source>
      <translation>還沒有可製作動畫的疊代：請先執行一次。</translation>
    </message>
    <message>
      <source>&amp;Export</source>
      <translation>匯出(&amp;E)</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
    <message>
      <source>Export failed</source>
      <translation>匯出失敗</translation>
    </message>
    <message>
      <source>Animation export cancelled</source>
      <translation>已取消匯出動畫</translation>
    </message>
    <message>
      <source>Export window</source>
      <translation>匯出視窗</translation>
    </message>
    <message>
      <source>Export graph</source>
      <translation>匯出計算圖</translation>
    </message>
    <message>
      <source>Export plot</source>
      <translation>匯出圖表</translation>
    </message>
    <message>
      <source>Export curves</source>
      <translation>匯出曲線</translation>
    </message>
    <message>
      <source>Export trace</source>
      <translation>匯出軌跡</translation>
    </message>
    <message>
      <source>&amp;Window as PNG…</source>
      <translation>視窗另存為 PNG(&amp;W)…</translation>
    </message>
    <message>
      <source>Save the whole window as a PNG image</source>
      <translation>將整個視窗儲存為 PNG 影像</translation>
    </message>
    <message>
      <source>&amp;Graph as PNG…</source>
      <translation>計算圖另存為 PNG(&amp;G)…</translation>
    </message>
    <message>
      <source>Save the unrolled graph as a PNG image at twice the screen resolution</source>
      <translation>以兩倍螢幕解析度將展開的計算圖儲存為 PNG 影像</translation>
    </message>
    <message>
      <source>Graph as &amp;SVG…</source>
      <translation>計算圖另存為 SVG(&amp;S)…</translation>
    </message>
    <message>
      <source>Save the unrolled graph as an SVG drawing</source>
      <translation>將展開的計算圖儲存為 SVG 向量圖</translation>
    </message>
    <message>
      <source>Current &amp;plot as PNG…</source>
      <translation>目前圖表另存為 PNG(&amp;P)…</translation>
    </message>
    <message>
      <source>Save the plot in the visible tab as a PNG image at twice the resolution</source>
      <translation>以兩倍解析度將目前標籤頁中的圖表儲存為 PNG 影像</translation>
    </message>
    <message>
      <source>Current plot as S&amp;VG…</source>
      <translation>目前圖表另存為 SVG(&amp;V)…</translation>
    </message>
    <message>
      <source>Save the plot in the visible tab as an SVG drawing</source>
      <translation>將目前標籤頁中的圖表儲存為 SVG 向量圖</translation>
    </message>
    <message>
      <source>&amp;Animation (GIF)…</source>
      <translation>動畫 (GIF)(&amp;A)…</translation>
    </message>
    <message>
      <source>Render this iteration's forward and backward pass as an animation</source>
      <translation>將本次疊代的前向和反向傳播渲染為動畫</translation>
    </message>
    <message>
      <source>&amp;Curves as CSV…</source>
      <translation>曲線另存為 CSV(&amp;C)…</translation>
    </message>
    <message>
      <source>Save every iteration's loss, gradient norm and metrics as CSV</source>
      <translation>將每次疊代的損失、梯度範數和指標儲存為 CSV</translation>
    </message>
    <message>
      <source>&amp;Trace as NPZ…</source>
      <translation>軌跡另存為 NPZ(&amp;T)…</translation>
    </message>
    <message>
      <source>Save the displayed iteration's arrays and the curves as a NumPy archive</source>
      <translation>將所顯示疊代的陣列和曲線儲存為 NumPy 存檔</translation>
    </message>
    <message>
      <source>Rendering {n} frames to {name}…</source>
      <translation>正在渲染 {n} 幀到 {name}…</translation>
    </message>
    <message>
      <source>Saved {path}</source>
      <translation>已儲存 {path}</translation>
    </message>
    <message>
      <source>Could not write {path}.

{reason}</source>
      <translation>無法寫入 {path}。

{reason}</translation>
    </message>
    <message>
      <source>on</source>
      <translation>開啟</translation>
    </message>
    <message>
      <source>off</source>
      <translation>關閉</translation>
    </message>
    <message>
      <source>, </source>
      <translation>、</translation>
    </message>
    <message>
      <source>ghost {name}: {difference}</source>
      <translation>對照 {name}：{difference}</translation>
    </message>
    <message>
      <source>&amp;Pin current run as ghost</source>
      <translation>將目前執行固定為對照(&amp;P)</translation>
    </message>
    <message>
      <source>Keep this run's gradient and curves on the plots to compare with the next run</source>
      <translation>把本次執行的梯度與曲線留在圖上，與下一次執行比較</translation>
    </message>
    <message>
      <source>&amp;Clear ghosts</source>
      <translation>清除對照(&amp;C)</translation>
    </message>
    <message>
      <source>Remove every pinned run from the plots</source>
      <translation>從圖中移除所有固定的執行</translation>
    </message>
    <message>
      <source>&amp;Ghosts (what if?)</source>
      <translation>對照（如果……會怎樣？）(&amp;G)</translation>
    </message>
    <message>
      <source>Clear ghosts</source>
      <translation>清除對照</translation>
    </message>
    <message>
      <source>Remove every pinned run from the plots (Shift+G)</source>
      <translation>從圖中移除所有固定的執行（Shift+G）</translation>
    </message>
    <message>
      <source>{setting} {value}</source>
      <translation>{setting} {value}</translation>
    </message>
    <message>
      <source>ghost {name}: same settings, iteration {n}</source>
      <translation>對照 {name}：相同設定，第 {n} 次疊代</translation>
    </message>
    <message>
      <source>Pinned as ghost {name}. Change a setting and train: both runs share the plots.</source>
      <translation>已固定為對照 {name}。變更一項設定並訓練：兩次執行會畫在同一組圖上。</translation>
    </message>
    <message>
      <source>Ghosts: {names}</source>
      <translation>對照：{names}</translation>
    </message>
    <message>
      <source>Computing this page: it is drawn with the next training frame.</source>
      <translation>正在計算此頁：它將隨下一個訓練幀繪出。</translation>
    </message>
    <message>
      <source>Gaps: truncation cuts the gradient there.</source>
      <translation>空缺處：截斷在那裡切斷了梯度。</translation>
    </message>
    <message>
      <source>‖∂L/∂hₜ‖ (log)</source>
      <translation>‖∂L/∂hₜ‖（對數）</translation>
    </message>
    <message>
      <source>time step t</source>
      <translation>時間步 t</translation>
    </message>
    <message>
      <source>‖∂h_T/∂h_t‖</source>
      <translation>‖∂h_T/∂h_t‖</translation>
    </message>
    <message>
      <source>‖term of step t‖ (log)</source>
      <translation>‖第 t 步的項‖（對數）</translation>
    </message>
    <message>
      <source>Blue (vanilla RNN, shown example): dotted ‖∂h_T/∂h_t‖ and dashed its bound, both started at ‖∂L/∂h_T‖. The bound caps ‖∂L/∂h_t‖ only if the loss is at T alone.</source>
      <translation>藍色(普通循環神經網路,所顯示的樣本):點線為 ‖∂h_T/∂h_t‖,虛線為它的上界,兩者都從 ‖∂L/∂h_T‖ 起始。只有當損失僅在第 T 步時,這個上界才限制 ‖∂L/∂h_t‖。</translation>
    </message>
    <message>
      <source>Row t, column s: how much the error at step t changes the state h_s (log scale).</source>
      <translation>第 t 行、第 s 列：第 t 步的誤差對狀態 h_s 的影響有多大（對數刻度）。</translation>
    </message>
    <message>
      <source>Each step's term of the weight gradient; the gradient is their sum.</source>
      <translation>每個時間步在權重梯度中的一項；梯度是它們的和。</translation>
    </message>
    <message>
      <source>‖∂L/∂hₜ‖ over t</source>
      <translation>‖∂L/∂hₜ‖ 隨 t 的變化</translation>
    </message>
    <message>
      <source>How large the gradient reaching each step is</source>
      <translation>到達每個時間步的梯度有多大</translation>
    </message>
    <message>
      <source>Contributions ∂Lₜ/∂hₛ</source>
      <translation>貢獻 ∂Lₜ/∂hₛ</translation>
    </message>
    <message>
      <source>Which error (row t) reaches which state (column s)</source>
      <translation>哪一步的誤差（第 t 行）到達哪個狀態（第 s 列）</translation>
    </message>
    <message>
      <source>Weight-gradient terms</source>
      <translation>權重梯度的各項</translation>
    </message>
    <message>
      <source>Each step's share of the recurrent and input weight gradients</source>
      <translation>每個時間步在循環權重和輸入權重梯度中所佔的份額</translation>
    </message>
    <message>
      <source>state h_s, step s</source>
      <translation>狀態 h_s，第 s 步</translation>
    </message>
    <message>
      <source>bound {formula}</source>
      <translation>上界 {formula}</translation>
    </message>
    <message>
      <source>error at step t</source>
      <translation>第 t 步的誤差</translation>
    </message>
    <message>
      <source>The whole sequence: click to show those steps in the graph</source>
      <translation>整個序列：點擊即在圖中顯示這些時間步</translation>
    </message>
    <message>
      <source>Click a node to inspect it · hover a W label to see sharing</source>
      <translation>點選節點進行檢查 · 懸停在 W 標籤上檢視共享</translation>
    </message>
    <message>
      <source>‖∂L/∂h_t‖ (log; grey: none):</source>
      <translation>‖∂L/∂h_t‖（對數；灰色：無梯度）：</translation>
    </message>
    <message>
      <source>loss Lₜ:</source>
      <translation>損失 Lₜ：</translation>
    </message>
    <message>
      <source>Each step's loss on a log scale; steps that are not scored stay white.</source>
      <translation>每個時間步的損失（對數刻度）；不計分的時間步保持白色。</translation>
    </message>
    <message>
      <source>Zoom out (−)</source>
      <translation>縮小 (−)</translation>
    </message>
    <message>
      <source>Zoom in (+)</source>
      <translation>放大 (+)</translation>
    </message>
    <message>
      <source>Fit</source>
      <translation>適應</translation>
    </message>
    <message>
      <source>Fit the graph to the view</source>
      <translation>讓計算圖適應檢視</translation>
    </message>
    <message>
      <source>All steps</source>
      <translation>所有時間步</translation>
    </message>
    <message>
      <source>Show every time step, however small</source>
      <translation>顯示每個時間步，無論多小</translation>
    </message>
    <message>
      <source>‖∂L/∂h_t‖ of the shown example (log; grey: none):</source>
      <translation>所顯示樣本的 ‖∂L/∂h_t‖（對數；灰色：無）：</translation>
    </message>
    <message>
      <source>Blue with a heavy ring: negative; red: positive. Inputs x and outputs o are scaled to their row's largest value.</source>
      <translation>藍色加粗圈：負值；紅色：正值。輸入 x 與輸出 o 依各自列的最大值縮放。</translation>
    </message>
    <message>
      <source>h of unit {unit}:</source>
      <translation>單元 {unit} 的 h：</translation>
    </message>
    <message>
      <source>{name}: {what}. Hover to see every edge using it.</source>
      <translation>{name}：{what}。懸停可檢視使用它的每條邊。</translation>
    </message>
    <message>
      <source>shared weights</source>
      <translation>共享權重</translation>
    </message>
    <message>
      <source>true token fed</source>
      <translation>輸入真實詞元</translation>
    </message>
    <message>
      <source>own prediction fed</source>
      <translation>輸入自身預測</translation>
    </message>
    <message>
      <source>loss L</source>
      <translation>損失 L</translation>
    </message>
    <message>
      <source>output o</source>
      <translation>輸出 o</translation>
    </message>
    <message>
      <source>cell c</source>
      <translation>記憶元 c</translation>
    </message>
    <message>
      <source>state h</source>
      <translation>狀態 h</translation>
    </message>
    <message>
      <source>input x</source>
      <translation>輸入 x</translation>
    </message>
    <message>
      <source>target y</source>
      <translation>目標 y</translation>
    </message>
    <message>
      <source>encoder</source>
      <translation>編碼器</translation>
    </message>
    <message>
      <source>decoder</source>
      <translation>解碼器</translation>
    </message>
    <message>
      <source>input → state weights, the same matrix at every step</source>
      <translation>輸入 → 狀態的權重，每個時間步都是同一個矩陣</translation>
    </message>
    <message>
      <source>state → next state weights, the same matrix at every step</source>
      <translation>狀態 → 下一狀態的權重，每個時間步都是同一個矩陣</translation>
    </message>
    <message>
      <source>state → output weights, the same matrix at every step</source>
      <translation>狀態 → 輸出的權重，每個時間步都是同一個矩陣</translation>
    </message>
    <message>
      <source>previous output → state weights, the same matrix at every step</source>
      <translation>上一步輸出 → 狀態的權重，每個時間步都是同一個矩陣</translation>
    </message>
    <message>
      <source>input weights of the four LSTM blocks (W_xi, W_xf, W_xo, W_xc), shared over time</source>
      <translation>LSTM 四個模組的輸入權重（W_xi、W_xf、W_xo、W_xc），在時間上共享</translation>
    </message>
    <message>
      <source>recurrent weights of the four LSTM blocks (W_hi, W_hf, W_ho, W_hc), shared over time</source>
      <translation>LSTM 四個模組的循環權重（W_hi、W_hf、W_ho、W_hc），在時間上共享</translation>
    </message>
    <message>
      <source>{row} · layer {layer}</source>
      <translation>{row} · 第 {layer} 層</translation>
    </message>
    <message>
      <source>{source} → {target}: {weights}</source>
      <translation>{source} → {target}：{weights}</translation>
    </message>
    <message>
      <source>{model}: no data (diverged)</source>
      <translation>{model}：無資料（已發散）</translation>
    </message>
    <message>
      <source>click to inspect</source>
      <translation>點選檢查</translation>
    </message>
    <message>
      <source>truncation cuts the edge from h&lt;sub&gt;t−1&lt;/sub&gt;</source>
      <translation>截斷切斷了來自 h&lt;sub&gt;t−1&lt;/sub&gt; 的邊</translation>
    </message>
    <message>
      <source>truncation may cut this edge</source>
      <translation>截斷可能切斷這條邊</translation>
    </message>
    <message>
      <source>step loss = {value}</source>
      <translation>該步損失 = {value}</translation>
    </message>
    <message>
      <source>‖∂L/∂h‖ (batch) = {value}</source>
      <translation>‖∂L/∂h‖（批次）= {value}</translation>
    </message>
    <message>
      <source>‖∂L/∂h‖ (example) = {value}</source>
      <translation>‖∂L/∂h‖（此樣本）= {value}</translation>
    </message>
    <message>
      <source>‖∂L/∂c‖ (batch) = {value}</source>
      <translation>‖∂L/∂c‖（批次）= {value}</translation>
    </message>
    <message>
      <source>h — hidden state</source>
      <translation>h — 隱狀態</translation>
    </message>
    <message>
      <source>c — cell state (LSTM)</source>
      <translation>c — 記憶元 (LSTM)</translation>
    </message>
    <message>
      <source>i — input gate (LSTM)</source>
      <translation>i — 輸入門 (LSTM)</translation>
    </message>
    <message>
      <source>f — forget gate (LSTM)</source>
      <translation>f — 遺忘門 (LSTM)</translation>
    </message>
    <message>
      <source>o — output gate (LSTM)</source>
      <translation>o — 輸出門 (LSTM)</translation>
    </message>
    <message>
      <source>c̃ — candidate (LSTM)</source>
      <translation>c̃ — 候選記憶元 (LSTM)</translation>
    </message>
    <message>
      <source>z — update gate (GRU)</source>
      <translation>z — 更新門 (GRU)</translation>
    </message>
    <message>
      <source>r — reset gate (GRU)</source>
      <translation>r — 重置門 (GRU)</translation>
    </message>
    <message>
      <source>h̃ — candidate (GRU)</source>
      <translation>h̃ — 候選隱狀態 (GRU)</translation>
    </message>
    <message>
      <source>Which quantity the heatmaps show</source>
      <translation>熱圖顯示哪個量</translation>
    </message>
    <message>
      <source>Show:</source>
      <translation>顯示：</translation>
    </message>
    <message>
      <source>{quantity} · {part} layer {layer}</source>
      <translation>{quantity} · {part}第 {layer} 層</translation>
    </message>
    <message>
      <source>{quantity} · layer {layer}</source>
      <translation>{quantity} · 第 {layer} 層</translation>
    </message>
    <message>
      <source>unit</source>
      <translation>單元</translation>
    </message>
    <message>
      <source>{model} — diverged</source>
      <translation>{model} — 已發散</translation>
    </message>
    <message>
      <source>{model} — has no {q}</source>
      <translation>{model} — 沒有 {q}</translation>
    </message>
    <message>
      <source>hidden state h</source>
      <translation>隱狀態 h</translation>
    </message>
    <message>
      <source>cell state c</source>
      <translation>記憶元 c</translation>
    </message>
    <message>
      <source>step loss L</source>
      <translation>該步損失 L</translation>
    </message>
    <message>
      <source>The step's part of L, n_t/N · L_t: this example and the others</source>
      <translation>該步在 L 中所佔的部分 n_t/N · L_t：本樣本與其他樣本</translation>
    </message>
    <message>
      <source>Click a node in the graph</source>
      <translation>點選計算圖中的節點</translation>
    </message>
    <message>
      <source>Training: the inspector shows the last iteration before it.</source>
      <translation>訓練中：檢查器顯示訓練開始前的最後一次疊代。</translation>
    </message>
    <message>
      <source>The unit whose equation is shown (also: click a heatmap row)</source>
      <translation>顯示其方程的單元（也可點選熱圖中的一行）</translation>
    </message>
    <message>
      <source>The layer whose state is inspected (layer 1 reads the input)</source>
      <translation>要檢視其狀態的層（第 1 層讀取輸入）</translation>
    </message>
    <message>
      <source>The direction of a bidirectional layer</source>
      <translation>雙向層的方向</translation>
    </message>
    <message>
      <source>→ forward</source>
      <translation>→ 正向</translation>
    </message>
    <message>
      <source>← reverse</source>
      <translation>← 反向</translation>
    </message>
    <message>
      <source>The part of the encoder–decoder whose state is inspected</source>
      <translation>要檢視其狀態的編碼器—解碼器部分</translation>
    </message>
    <message>
      <source>Layer:</source>
      <translation>層：</translation>
    </message>
    <message>
      <source>Part:</source>
      <translation>部分：</translation>
    </message>
    <message>
      <source>Verify gradients</source>
      <translation>驗證梯度</translation>
    </message>
    <message>
      <source>Compare the engine's backpropagated gradient with central finite differences on a small batch, for the selected model</source>
      <translation>在一個小批次上，將引擎反向傳播得到的梯度與中心有限差分比較（針對所選模型）</translation>
    </message>
    <message>
      <source>The engine does not describe this model's equations yet.</source>
      <translation>引擎尚未描述此模型的方程式。</translation>
    </message>
    <message>
      <source>this step is scored</source>
      <translation>此步計入損失</translation>
    </message>
    <message>
      <source>this step is not scored (mask 0)</source>
      <translation>此步不計入損失（掩碼為 0）</translation>
    </message>
    <message>
      <source>∂L/∂{symbol}: in the backward pass</source>
      <translation>∂L/∂{symbol}：反向傳播時給出</translation>
    </message>
    <message>
      <source>Checking …</source>
      <translation>檢查中…</translation>
    </message>
    <message>
      <source>✓ matches finite differences</source>
      <translation>✓ 與有限差分一致</translation>
    </message>
    <message>
      <source>✗ larger than expected</source>
      <translation>✗ 誤差大於預期</translation>
    </message>
    <message>
      <source>Unit:</source>
      <translation>單元：</translation>
    </message>
    <message>
      <source>Training: the inspector shows an iteration when it stops.</source>
      <translation>訓練中：訓練停止後，檢查器顯示一次疊代。</translation>
    </message>
    <message>
      <source>Press → or Enter to start iteration 1</source>
      <translation>按 → 或 Enter 開始第 1 次疊代</translation>
    </message>
    <message>
      <source>n_t/N: the share of the scored examples that lie at step t; every step scored: L = (1/T) Σ_t L_t</source>
      <translation>n_t/N:計入損失的樣本中位於第 t 步的比例;每一步都計入時,L = (1/T) Σ_t L_t</translation>
    </message>
    <message>
      <source>{model} · {node} {symbol} · iteration {n}</source>
      <translation>{model} · {node} {symbol} · 第 {n} 次疊代</translation>
    </message>
    <message>
      <source>{model}: no data</source>
      <translation>{model}：無資料</translation>
    </message>
    <message>
      <source>{model}: largest relative error {error} {verdict}</source>
      <translation>{model}：最大相對誤差 {error} {verdict}</translation>
    </message>
    <message>
      <source>{n} of {total}</source>
      <translation>第 {n} 層，共 {total} 層</translation>
    </message>
    <message>
      <source>Gradient check failed to run: {error}</source>
      <translation>梯度檢查無法執行：{error}</translation>
    </message>
    <message>
      <source>the batch's mean loss at step {t}; {scored}</source>
      <translation>小批次在第 {t} 步的平均損失;{scored}</translation>
    </message>
    <message>
      <source>value</source>
      <translation>值</translation>
    </message>
    <message>
      <source>gates of the unit</source>
      <translation>該單元的門</translation>
    </message>
    <message>
      <source>no gradient for this node</source>
      <translation>此節點沒有梯度</translation>
    </message>
    <message>
      <source>{symbol}, unit {u} dashed</source>
      <translation>{symbol}，單元 {u} 為虛線</translation>
    </message>
    <message>
      <source>gates of unit {u} at t = {t}</source>
      <translation>單元 {u} 在 t = {t} 的門</translation>
    </message>
    <message>
      <source>∂L/∂{symbol} (this example)</source>
      <translation>∂L/∂{symbol}（此樣本）</translation>
    </message>
    <message>
      <source>The context's gradient: what every decoder loss sends into the encoder</source>
      <translation>上下文向量的梯度：每個解碼器損失傳入編碼器的部分</translation>
    </message>
    <message>
      <source>The context: the decoder starts from the encoder's final state</source>
      <translation>上下文向量：解碼器從編碼器的最終狀態開始</translation>
    </message>
    <message>
      <source>Step 1 reads ⟨bos⟩, the start token</source>
      <translation>第 1 步讀入起始詞元 ⟨bos⟩</translation>
    </message>
    <message>
      <source>Step {t} is padding: this example's source has {n} tokens, so the encoder's state here reaches nothing.</source>
      <translation>第 {t} 步是填充：這個樣本的來源序列只有 {n} 個詞元，所以編碼器在這裡的狀態不影響任何東西。</translation>
    </message>
    <message>
      <source>The encoder's last step: the context's gradient arrives here</source>
      <translation>編碼器的最後一步：上下文向量的梯度到達這裡</translation>
    </message>
    <message>
      <source>Source token {k} read at step {t}</source>
      <translation>第 {t} 步讀入的來源詞元 {k}</translation>
    </message>
    <message>
      <source>Teacher forcing (r = 1)</source>
      <translation>教師強制（r = 1）</translation>
    </message>
    <message>
      <source>Free running (r = 0)</source>
      <translation>自由執行（r = 0）</translation>
    </message>
    <message>
      <source>{how} fed the true previous token y&lt;sub&gt;{p}&lt;/sub&gt; = {k}</source>
      <translation>{how}輸入了真實的上一個詞元 y&lt;sub&gt;{p}&lt;/sub&gt; = {k}</translation>
    </message>
    <message>
      <source>{how} fed the decoder's own prediction argmax o&lt;sub&gt;{p}&lt;/sub&gt; = {k}</source>
      <translation>{how}輸入了解碼器自己的預測 argmax o&lt;sub&gt;{p}&lt;/sub&gt; = {k}</translation>
    </message>
    <message>
      <source>Step {u}'s coin flip (teacher forcing ratio r = {r})</source>
      <translation>第 {u} 步的隨機抽籤（教師強制比例 r = {r}）</translation>
    </message>
    <message>
      <source>What you will see</source>
      <translation>你將看到</translation>
    </message>
    <message>
      <source>Show or hide the expected outcome</source>
      <translation>顯示或隱藏預期結果</translation>
    </message>
    <message>
      <source>◀ Back</source>
      <translation>◀ 上一張</translation>
    </message>
    <message>
      <source>The previous card (Page Up)</source>
      <translation>上一張卡片 (Page Up)</translation>
    </message>
    <message>
      <source>Next ▶</source>
      <translation>下一張 ▶</translation>
    </message>
    <message>
      <source>The next card, and what it does (Page Down)</source>
      <translation>下一張卡片及其操作 (Page Down)</translation>
    </message>
    <message>
      <source>Close lesson</source>
      <translation>關閉課程</translation>
    </message>
    <message>
      <source>Leave the lesson and keep exploring</source>
      <translation>離開課程，繼續自由探索</translation>
    </message>
    <message>
      <source>No lesson is open. Choose one from the Lessons menu.</source>
      <translation>沒有開啟的課程。請從「課程」選單中選擇一個。</translation>
    </message>
    <message>
      <source>Training… Next is available when the run ends.</source>
      <translation>訓練中… 執行結束後才能進入下一張。</translation>
    </message>
    <message>
      <source>Card {k} of {n}</source>
      <translation>第 {k} / {n} 張</translation>
    </message>
    <message>
      <source>End of the lesson.</source>
      <translation>課程結束。</translation>
    </message>
    <message>
      <source>&lt;p&gt;Backpropagation through time, made visible: the unrolled network, the forward pass, the gradient flowing back, and the training curve that results.&lt;/p&gt;&lt;p&gt;An exact NumPy engine (vanilla RNN, LSTM, GRU) with a PySide6 and pyqtgraph view.&lt;/p&gt;</source>
      <translation>&lt;p&gt;讓隨時間反向傳播看得見：展開的網路、前向傳播、反向流動的梯度，以及由此得到的訓練曲線。&lt;/p&gt;&lt;p&gt;精確的 NumPy 引擎（普通 RNN、LSTM、GRU），介面基於 PySide6 和 pyqtgraph。&lt;/p&gt;</translation>
    </message>
    <message>
      <source>&amp;File</source>
      <translation>檔案(&amp;F)</translation>
    </message>
    <message>
      <source>&amp;Edit</source>
      <translation>編輯(&amp;E)</translation>
    </message>
    <message>
      <source>&amp;Step-through</source>
      <translation>逐步演示(&amp;S)</translation>
    </message>
    <message>
      <source>&amp;Help</source>
      <translation>說明(&amp;H)</translation>
    </message>
    <message>
      <source>&amp;Language</source>
      <translation>語言(&amp;L)</translation>
    </message>
    <message>
      <source>Keyboard shortcuts</source>
      <translation>鍵盤快捷鍵</translation>
    </message>
    <message>
      <source>Gradient through time</source>
      <translation>隨時間傳播的梯度</translation>
    </message>
    <message>
      <source>Hidden states</source>
      <translation>隱狀態</translation>
    </message>
    <message>
      <source>Recurrent weights</source>
      <translation>循環權重</translation>
    </message>
    <message>
      <source>Training curves</source>
      <translation>訓練曲線</translation>
    </message>
    <message>
      <source>About {app}</source>
      <translation>關於 {app}</translation>
    </message>
    <message>
      <source>loss {loss} · ‖g‖ {norm}</source>
      <translation>損失 {loss} · ‖g‖ {norm}</translation>
    </message>
    <message>
      <source>DIVERGED at {n}</source>
      <translation>在第 {n} 次疊代發散</translation>
    </message>
    <message>
      <source>✂ clipped</source>
      <translation>✂ 已裁剪</translation>
    </message>
    <message>
      <source>Reduce &amp;motion</source>
      <translation>減少動態效果(&amp;M)</translation>
    </message>
    <message>
      <source>Turn off every animation: colour easing, the pen's and the spotlight's fades</source>
      <translation>關閉所有動畫：顏色過渡、畫筆與聚光燈的淡出</translation>
    </message>
    <message>
      <source>“{text}” is ambiguous: use one decimal separator (. or ,) and no thousands separators. The value stays {value}.</source>
      <translation>「{text}」有歧義：請只用一個小數點（. 或 ,），不要用千分位符號。數值維持為 {value}。</translation>
    </message>
    <message>
      <source>“{text}” is not a number between {low} and {high}; the value stays {value}.</source>
      <translation>「{text}」不是 {low} 到 {high} 之間的數；數值維持為 {value}。</translation>
    </message>
    <message>
      <source>Annotation &amp;pen</source>
      <translation>標註畫筆(&amp;P)</translation>
    </message>
    <message>
      <source>Draw on the window with the mouse (presentation mode)</source>
      <translation>用滑鼠在視窗上繪畫（簡報模式）</translation>
    </message>
    <message>
      <source>C&amp;lear annotations</source>
      <translation>清除標註(&amp;L)</translation>
    </message>
    <message>
      <source>Wipe what the annotation pen drew</source>
      <translation>擦掉標註畫筆畫的內容</translation>
    </message>
    <message>
      <source>Include annotations in &amp;exports</source>
      <translation>匯出時包含標註(&amp;E)</translation>
    </message>
    <message>
      <source>Exported pictures show the pen's drawing too (off: never)</source>
      <translation>匯出的圖片也顯示畫筆的標註（關閉：從不）</translation>
    </message>
    <message>
      <source>P&amp;resenter tools</source>
      <translation>簡報者工具(&amp;R)</translation>
    </message>
    <message>
      <source>Ready</source>
      <translation>就緒</translation>
    </message>
    <message>
      <source>Forward · t = {t} of {T} · iteration {n}</source>
      <translation>前向 · t = {t} / {T} · 第 {n} 次疊代</translation>
    </message>
    <message>
      <source>no iteration yet</source>
      <translation>尚未疊代</translation>
    </message>
    <message>
      <source>Backward · t = {t} of {T} · iteration {n}</source>
      <translation>反向 · t = {t} / {T} · 第 {n} 次疊代</translation>
    </message>
    <message>
      <source>iteration {n}</source>
      <translation>第 {n} 次疊代</translation>
    </message>
    <message>
      <source>{model} diverged at iteration {n} (gradient norm {norm}): try clipping or a lower learning rate</source>
      <translation>{model} 在第 {n} 次疊代發散（梯度範數 {norm}）：請嘗試梯度裁剪或降低學習率</translation>
    </message>
    <message>
      <source>Resumed from iteration {n}</source>
      <translation>已從第 {n} 次疊代繼續</translation>
    </message>
    <message>
      <source>Training · iteration {n}</source>
      <translation>訓練中 · 第 {n} 次疊代</translation>
    </message>
    <message>
      <source>Iteration {n} · history (the run is at {m})</source>
      <translation>第 {n} 次疊代 · 歷史（執行已到第 {m} 次）</translation>
    </message>
    <message>
      <source>Loss · iteration {n}</source>
      <translation>損失 · 第 {n} 次疊代</translation>
    </message>
    <message>
      <source>Update · iteration {n}</source>
      <translation>更新 · 第 {n} 次疊代</translation>
    </message>
    <message>
      <source>iteration {n} (history)</source>
      <translation>第 {n} 次疊代（歷史）</translation>
    </message>
    <message>
      <source>{model} diverged at iteration {n}: try clipping or a lower learning rate</source>
      <translation>{model} 在第 {n} 次疊代發散：請嘗試梯度裁剪或降低學習率</translation>
    </message>
    <message>
      <source>Iteration {n} done</source>
      <translation>第 {n} 次疊代完成</translation>
    </message>
    <message>
      <source>Presentation</source>
      <translation>簡報</translation>
    </message>
    <message>
      <source>Scale</source>
      <translation>縮放</translation>
    </message>
    <message>
      <source>Size of text and lines on the projector</source>
      <translation>投影時文字和線條的大小</translation>
    </message>
    <message>
      <source>{percent} %</source>
      <translation>{percent} %</translation>
    </message>
    <message>
      <source>Lock in and go on ▶</source>
      <translation>鎖定答案並繼續 ▶</translation>
    </message>
    <message>
      <source>Lock in your prediction; the next step shows the truth</source>
      <translation>鎖定你的預測;下一步會顯示真實結果</translation>
    </message>
    <message>
      <source>Your guess, e.g. 0.01 or 1e-3</source>
      <translation>你的猜測,例如 0.01 或 1e-3</translation>
    </message>
    <message>
      <source>Locked in. The answer is measured when this step has run.</source>
      <translation>已鎖定。這一步執行完後會測量答案。</translation>
    </message>
    <message>
      <source>This run gives nothing to measure here (did the model diverge?).</source>
      <translation>本次執行在這裡沒有可測量的值(模型是否發散了?)。</translation>
    </message>
    <message>
      <source>✓ Right</source>
      <translation>✓ 答對了</translation>
    </message>
    <message>
      <source>✗ Not this time</source>
      <translation>✗ 這次沒答對</translation>
    </message>
    <message>
      <source>Predict first</source>
      <translation>先預測</translation>
    </message>
    <message>
      <source>Your prediction</source>
      <translation>你的預測</translation>
    </message>
    <message>
      <source>Locked in. The next step shows the answer.</source>
      <translation>已鎖定。下一步會顯示答案。</translation>
    </message>
    <message>
      <source>Pick one of the answers first (↑ ↓, then Enter).</source>
      <translation>請先選擇一個答案(↑ ↓,然後按 Enter)。</translation>
    </message>
    <message>
      <source>Type a number first, e.g. 0.5 or 1e-3, then press Enter.</source>
      <translation>請先輸入一個數,例如 0.5 或 1e-3,然後按 Enter。</translation>
    </message>
    <message>
      <source>You locked in no prediction.</source>
      <translation>你沒有鎖定預測。</translation>
    </message>
    <message>
      <source>Your predictions in this lesson: {right} of {total} right.</source>
      <translation>本課的預測:{total} 個中答對 {right} 個。</translation>
    </message>
    <message>
      <source>Your guess: {guess}</source>
      <translation>你的猜測:{guess}</translation>
    </message>
    <message>
      <source>Recomputing… %p%</source>
      <translation>正在重新計算… %p%</translation>
    </message>
    <message>
      <source>Computing…</source>
      <translation>正在計算…</translation>
    </message>
    <message>
      <source>The run starts again. Edit → Undo brings back the previous one.</source>
      <translation>執行重新開始。編輯 → 復原可回到先前的執行。</translation>
    </message>
    <message>
      <source>New run: {models}. Edit → Undo brings back the previous run.</source>
      <translation>新的執行：{models}。編輯 → 復原可回到先前的執行。</translation>
    </message>
    <message>
      <source>Back to the previous run ({where}).</source>
      <translation>已回到先前的執行（{where}）。</translation>
    </message>
    <message>
      <source>Export as Python script</source>
      <translation>匯出為 Python 腳本</translation>
    </message>
    <message>
      <source>A standalone Python script that rebuilds this run (model, data, settings) and prints the loss of each of its first iterations, the same numbers as here.</source>
      <translation>一個獨立的 Python 腳本:重建本次執行(模型、資料、設定),並印出前幾次疊代各自的損失,數值與這裡相同。</translation>
    </message>
    <message>
      <source>Import BPTT Explorer's engine (shorter; otherwise NumPy only)</source>
      <translation>匯入 BPTT Explorer 的引擎(較短;否則只需 NumPy)</translation>
    </message>
    <message>
      <source>&amp;Iterations:</source>
      <translation>疊代次數(&amp;I):</translation>
    </message>
    <message>
      <source>Python &amp;script…</source>
      <translation>Python 腳本(&amp;S)…</translation>
    </message>
    <message>
      <source>Write this run as a standalone Python script that prints the same losses</source>
      <translation>把本次執行寫成一個獨立的 Python 腳本,印出相同的損失</translation>
    </message>
    <message>
      <source>Python script (*.py)</source>
      <translation>Python 腳本 (*.py)</translation>
    </message>
    <message>
      <source>&amp;Open session…</source>
      <translation>開啟工作階段(&amp;O)…</translation>
    </message>
    <message>
      <source>Continue a run saved in a .bptt file</source>
      <translation>從 .bptt 檔案中儲存的訓練繼續</translation>
    </message>
    <message>
      <source>&amp;Save session…</source>
      <translation>儲存工作階段(&amp;S)…</translation>
    </message>
    <message>
      <source>Save the run, its settings and its history to a .bptt file</source>
      <translation>把訓練、設定和歷史儲存到 .bptt 檔案</translation>
    </message>
    <message>
      <source>Save session</source>
      <translation>儲存工作階段</translation>
    </message>
    <message>
      <source>Open session</source>
      <translation>開啟工作階段</translation>
    </message>
    <message>
      <source>BPTT Explorer sessions (*{suffix})</source>
      <translation>BPTT Explorer 工作階段 (*{suffix})</translation>
    </message>
    <message>
      <source>Saving cancelled; no file was written</source>
      <translation>已取消保存；沒有寫入任何檔案</translation>
    </message>
    <message>
      <source>Opening cancelled; nothing changed</source>
      <translation>已取消打開；沒有任何改變</translation>
    </message>
    <message>
      <source>Cannot open the session</source>
      <translation>無法開啟工作階段</translation>
    </message>
    <message>
      <source>Saving {name}…</source>
      <translation>正在保存 {name}…</translation>
    </message>
    <message>
      <source>Cannot save the session</source>
      <translation>無法儲存工作階段</translation>
    </message>
    <message>
      <source>Opening {name}…</source>
      <translation>正在打開 {name}…</translation>
    </message>
    <message>
      <source>Opened {path}</source>
      <translation>已開啟 {path}</translation>
    </message>
    <message>
      <source>Spot&amp;light lesson targets</source>
      <translation>聚光顯示課程重點(&amp;L)</translation>
    </message>
    <message>
      <source>Dim the window except what the lesson card talks about</source>
      <translation>調暗視窗,只突顯課程卡片所講的部分</translation>
    </message>
    <message>
      <source>Unroll a recurrent network in time, run the forward pass left to right, and watch the gradient flow back right to left: shrinking in a vanilla RNN, carried along the cell state in an LSTM.</source>
      <translation>將循環神經網路按時間展開，從左到右執行前向傳播，再看梯度從右向左流回：在普通 RNN 中逐漸消失，在 LSTM 中沿記憶元一路傳遞。</translation>
    </message>
    <message>
      <source>Start a lesson:</source>
      <translation>開始一節課程：</translation>
    </message>
    <message>
      <source>Explore freely ▶</source>
      <translation>自由探索 ▶</translation>
    </message>
    <message>
      <source>Go to the explorer with the default run</source>
      <translation>使用預設設定進入探索介面</translation>
    </message>
    <message>
      <source>Show this screen at start</source>
      <translation>啟動時顯示此頁面</translation>
    </message>
    <message>
      <source>input</source>
      <translation>輸入</translation>
    </message>
    <message>
      <source>target</source>
      <translation>目標</translation>
    </message>
    <message>
      <source>prediction</source>
      <translation>預測</translation>
    </message>
    <message>
      <source>right?</source>
      <translation>對嗎？</translation>
    </message>
    <message>
      <source>data</source>
      <translation>資料</translation>
    </message>
    <message>
      <source>marker</source>
      <translation>標記</translation>
    </message>
    <message>
      <source>distractor</source>
      <translation>干擾項</translation>
    </message>
    <message>
      <source>cue</source>
      <translation>提示</translation>
    </message>
    <message>
      <source>&lt;p&gt;&lt;b&gt;input:&lt;/b&gt; &lt;tt&gt;{input}&lt;/tt&gt;&lt;/p&gt;&lt;p&gt;&lt;b&gt;predicted next characters&lt;/b&gt; (shade = probability of the right one, dark low → yellow high):&lt;br&gt;&lt;tt&gt;{predicted}&lt;/tt&gt;&lt;/p&gt;&lt;p&gt;&lt;b&gt;target:&lt;/b&gt; &lt;tt&gt;{target}&lt;/tt&gt;&lt;/p&gt;&lt;p&gt;&lt;b&gt;generated sample:&lt;/b&gt;&lt;br&gt;&lt;tt&gt;{sample}&lt;/tt&gt;&lt;/p&gt;</source>
      <translation>&lt;p&gt;&lt;b&gt;輸入：&lt;/b&gt; &lt;tt&gt;{input}&lt;/tt&gt;&lt;/p&gt;&lt;p&gt;&lt;b&gt;預測的下一個字元&lt;/b&gt;（底色 = 正確字元的機率，深色低 → 黃色高）：&lt;br&gt;&lt;tt&gt;{predicted}&lt;/tt&gt;&lt;/p&gt;&lt;p&gt;&lt;b&gt;目標：&lt;/b&gt; &lt;tt&gt;{target}&lt;/tt&gt;&lt;/p&gt;&lt;p&gt;&lt;b&gt;生成的樣本：&lt;/b&gt;&lt;br&gt;&lt;tt&gt;{sample}&lt;/tt&gt;&lt;/p&gt;</translation>
    </message>
    <message>
      <source>␣ space · ↵ new line · ⍰ a character outside the model's vocabulary</source>
      <translation>␣ 空格 · ↵ 換行 · ⍰ 詞彙表之外的字元</translation>
    </message>
    <message>
      <source>Each column is one time step: what went in, what should come out, what the model said</source>
      <translation>每一欄是一個時間步：輸入了什麼、應該輸出什麼、模型輸出了什麼</translation>
    </message>
    <message>
      <source>input (grey: distractor)</source>
      <translation>輸入（灰色：干擾項）</translation>
    </message>
    <message>
      <source>Whose predictions to show</source>
      <translation>顯示哪個模型的預測</translation>
    </message>
    <message>
      <source>prediction ✓</source>
      <translation>預測 ✓</translation>
    </message>
    <message>
      <source>prediction ✗</source>
      <translation>預測 ✗</translation>
    </message>
    <message>
      <source>symbol</source>
      <translation>符號</translation>
    </message>
    <message>
      <source>Model:</source>
      <translation>模型：</translation>
    </message>
    <message>
      <source>Training in the background: the panel updates when you pause.</source>
      <translation>正在背景訓練：暫停後面板會更新。</translation>
    </message>
    <message>
      <source>time step</source>
      <translation>時間步</translation>
    </message>
    <message>
      <source>{k}-step</source>
      <translation>{k} 步預測</translation>
    </message>
    <message>
      <source>{score} of {total} scored steps right</source>
      <translation>{total} 個計分步中答對 {score} 個</translation>
    </message>
    <message>
      <source>Step into the first iteration to see what the models predict.</source>
      <translation>進入第一次疊代，即可看到模型的預測。</translation>
    </message>
    <message>
      <source>No model to show (all diverged).</source>
      <translation>沒有可顯示的模型（全部已發散）。</translation>
    </message>
    <message>
      <source>input {d}</source>
      <translation>輸入 {d}</translation>
    </message>
    <message>
      <source>The task panel is not available: {error}</source>
      <translation>任務面板不可用：{error}</translation>
    </message>
    <message>
      <source>Where the step-through stands: phase, time step, iteration</source>
      <translation>逐步演示的進度：階段、時間步、疊代</translation>
    </message>
    <message>
      <source>Play speed: time steps revealed per second</source>
      <translation>播放速度：每秒揭示的時間步數</translation>
    </message>
    <message>
      <source>History</source>
      <translation>歷史</translation>
    </message>
    <message>
      <source>Drag to look at a past iteration</source>
      <translation>拖動以檢視過去的疊代</translation>
    </message>
    <message>
      <source>Past iterations kept in memory; drag to show one</source>
      <translation>記憶體中保留的過去疊代；拖動以顯示其中之一</translation>
    </message>
    <message>
      <source>live</source>
      <translation>即時</translation>
    </message>
    <message>
      <source>Speed</source>
      <translation>速度</translation>
    </message>
    <message>
      <source>Live</source>
      <translation>即時</translation>
    </message>
    <message>
      <source>Resume from here</source>
      <translation>從此處繼續</translation>
    </message>
    <message>
      <source>Reset</source>
      <translation>重置</translation>
    </message>
    <message>
      <source>Step</source>
      <translation>單步</translation>
    </message>
    <message>
      <source>Finish pass</source>
      <translation>完成傳播</translation>
    </message>
    <message>
      <source>Iteration</source>
      <translation>疊代</translation>
    </message>
    <message>
      <source>Play</source>
      <translation>播放</translation>
    </message>
    <message>
      <source>Train</source>
      <translation>訓練</translation>
    </message>
    <message>
      <source>iteration {n} (past)</source>
      <translation>第 {n} 次疊代（過去）</translation>
    </message>
    <message>
      <source>live · {n} kept</source>
      <translation>即時 · 保留 {n} 次</translation>
    </message>
    <message>
      <source>to unit k</source>
      <translation>到單元 k</translation>
    </message>
    <message>
      <source>Which recurrent block to show</source>
      <translation>顯示哪個循環權重塊</translation>
    </message>
    <message>
      <source>Spectral radius: the largest |eigenvalue|. Above 1 the linearised recurrence grows.</source>
      <translation>譜半徑：最大的 |特徵值|。大於 1 時線性化的循環會增長。</translation>
    </message>
    <message>
      <source>from j</source>
      <translation>來自 j</translation>
    </message>
    <message>
      <source>diverged</source>
      <translation>已發散</translation>
    </message>
    <message>
      <source>Sine forecasting</source>
      <translation>正弦預測</translation>
    </message>
    <message>
      <source>A sine wave with noise, as in the course notes. The network reads a stretch of the series and predicts the next value at every step. Trained on the first 60 % of the series, it is scored on the rest, one step ahead and k = 4, 16, 64 steps ahead, where it must feed on its own predictions. Compare it with the notes' small autoregressive MLP, which sees only the last 4 values.</source>
      <translation>帶雜訊的正弦波，與課程講義相同。網路讀入序列的一段，並在每個時間步預測下一個值。在序列的前 60 % 上訓練，在其餘部分上評分：單步預測，以及 k = 4、16、64 步預測（此時網路必須以自己的預測為輸入）。可與講義中只看最近 4 個值的小型自回歸 MLP 比較。</translation>
    </message>
    <message>
      <source>held-out part t &gt; {split}; each forecast starts after a {warmup}-step warm-up on true values, then feeds on its own predictions</source>
      <translation>保留部分 t &gt; {split}；每次預測先用真實值預熱 {warmup} 步，之後以自己的預測為輸入</translation>
    </message>
    <message>
      <source>Window length T the network reads; also the warm-up before forecasting.</source>
      <translation>網路讀入的視窗長度 T；也是預測前的預熱期。</translation>
    </message>
    <message>
      <source>Number of points in the series (the notes use 1000).</source>
      <translation>序列中的點數（講義使用 1000）。</translation>
    </message>
    <message>
      <source>Standard deviation of the Gaussian noise on the sine (the notes use 0.2).</source>
      <translation>正弦上高斯雜訊的標準差（講義使用 0.2）。</translation>
    </message>
    <message>
      <source>Random seed of the evaluation set (and of the data, where the task has fixed data).</source>
      <translation>評估集的隨機種子（對資料固定的任務，也是資料的隨機種子）。</translation>
    </message>
    <message>
      <source>mse</source>
      <translation>均方誤差</translation>
    </message>
    <message>
      <source>mse_k1</source>
      <translation>均方誤差 (k=1)</translation>
    </message>
    <message>
      <source>mse_k4</source>
      <translation>均方誤差 (k=4)</translation>
    </message>
    <message>
      <source>mse_k16</source>
      <translation>均方誤差 (k=16)</translation>
    </message>
    <message>
      <source>mse_k64</source>
      <translation>均方誤差 (k=64)</translation>
    </message>
    <message>
      <source>previous value mse</source>
      <translation>前一個值的均方誤差</translation>
    </message>
    <message>
      <source>noise floor</source>
      <translation>雜訊下限</translation>
    </message>
    <message>
      <source>Character language model</source>
      <translation>字元級語言模型</translation>
    </message>
    <message>
      <source>The network reads text one character at a time and predicts the next character. Its quality is the perplexity: how many characters it is, on average, hesitating between (1 = always sure and right). Counting models that look at the last 0, 1 or 2 characters (unigram, bigram, trigram) give reference lines. After training, the network can write text of its own, starting from a prefix it reads first (warm-up).</source>
      <translation>網路逐個字元讀入文字並預測下一個字元。其品質用困惑度衡量：平均而言它在多少個字元之間猶豫（1 = 總是確定且正確）。只看最近 0、1 或 2 個字元的計數模型（一元、二元、三元語法）給出參考線。訓練後，網路可以在先讀入一段前綴（預熱期）之後自己寫出文字。</translation>
    </message>
    <message>
      <source>perplexity on this window {ppl:.2f}; sample: warm-up on {prefix}, temperature {temperature}</source>
      <translation>此視窗上的困惑度 {ppl:.2f}；樣本：以 {prefix} 預熱，溫度 {temperature}</translation>
    </message>
    <message>
      <source>Text to learn: the word 'machine', the Zen of Python, or a UTF-8 file.</source>
      <translation>要學習的文字：單字「machine」、Python 之禪，或一個 UTF-8 檔案。</translation>
    </message>
    <message>
      <source>machine</source>
      <translation>machine</translation>
    </message>
    <message>
      <source>zen</source>
      <translation>Python 之禪</translation>
    </message>
    <message>
      <source>file</source>
      <translation>檔案</translation>
    </message>
    <message>
      <source>The text file to use when corpus is 'file' (at most 10 MB are read).</source>
      <translation>語料為「檔案」時使用的文字檔案（最多讀取 10 MB）。</translation>
    </message>
    <message>
      <source>Characters per training sequence T ('machine' allows at most 6).</source>
      <translation>每個訓練序列的字元數 T（「machine」最多允許 6）。</translation>
    </message>
    <message>
      <source>Characters seen fewer times than this become &lt;unk&gt;.</source>
      <translation>出現次數少於此值的字元變為 &lt;unk&gt;。</translation>
    </message>
    <message>
      <source>At most this many tokens (including &lt;unk&gt;); rarer characters become &lt;unk&gt;.</source>
      <translation>最多這麼多個詞元（包括 &lt;unk&gt;）；更少見的字元變為 &lt;unk&gt;。</translation>
    </message>
    <message>
      <source>Fraction of training input characters replaced at random (evaluation stays clean).</source>
      <translation>訓練輸入中被隨機替換的字元比例（評估資料保持乾淨）。</translation>
    </message>
    <message>
      <source>Random windows, or sequential rows where each batch continues the last one.</source>
      <translation>隨機取樣的視窗，或循序分割：每個批次接著上一個批次繼續讀。</translation>
    </message>
    <message>
      <source>random</source>
      <translation>隨機</translation>
    </message>
    <message>
      <source>sequential</source>
      <translation>循序分割</translation>
    </message>
    <message>
      <source>perplexity</source>
      <translation>困惑度</translation>
    </message>
    <message>
      <source>unigram perplexity</source>
      <translation>一元語法困惑度</translation>
    </message>
    <message>
      <source>bigram perplexity</source>
      <translation>二元語法困惑度</translation>
    </message>
    <message>
      <source>trigram perplexity</source>
      <translation>三元語法困惑度</translation>
    </message>
    <message>
      <source>uniform perplexity</source>
      <translation>均勻分佈困惑度</translation>
    </message>
    <message>
      <source>Adding problem</source>
      <translation>加法問題</translation>
    </message>
    <message>
      <source>Each step shows a random number between 0 and 1 and a marker. Two steps are marked, one in each half of the sequence. At the last step the network must output the sum of the two marked numbers, so it has to keep the first one in memory for at least half the sequence. Always answering 1 scores an error of 1/6; a model that has learned the task goes below 0.01.</source>
      <translation>每個時間步給出一個 0 到 1 之間的隨機數和一個標記。有兩個時間步被標記，序列前後兩半各一個。在最後一步，網路必須輸出兩個被標記數之和，因此它必須把第一個數記住至少半個序列。總是回答 1 的誤差為 1/6；學會了該任務的模型誤差低於 0.01。</translation>
    </message>
    <message>
      <source>marked at t={first} and t={second}: {a:.2f} + {b:.2f} = {target:.2f}; predicted {predicted:.2f}</source>
      <translation>標記於 t={first} 和 t={second}：{a:.2f} + {b:.2f} = {target:.2f}；預測 {predicted:.2f}</translation>
    </message>
    <message>
      <source>Sequence length T; the first marked value must be kept for at least T/2 steps.</source>
      <translation>序列長度 T；第一個被標記的值必須儲存至少 T/2 步。</translation>
    </message>
    <message>
      <source>Standard deviation of Gaussian jitter on the marker channel at every step.</source>
      <translation>每個時間步標記通道上高斯抖動的標準差。</translation>
    </message>
    <message>
      <source>predict 1 (theory)</source>
      <translation>預測 1（理論值）</translation>
    </message>
    <message>
      <source>Delayed recall</source>
      <translation>延遲回憶</translation>
    </message>
    <message>
      <source>The first step shows one of a few symbols. Then come many steps of other symbols, flagged as distractors, and finally a cue asks: which symbol came first? The network has to let the first symbol into its memory, shut out all later ones, and hold it through the whole delay. Guessing gives accuracy 1/n; the task counts as solved at 99 %.</source>
      <translation>第一步給出幾個符號之一。之後是許多步被標記為干擾項的其他符號，最後一個提示問：最先出現的是哪個符號？網路必須讓第一個符號進入記憶，擋住之後的所有符號，並在整個延遲期間保持它。隨機猜測的準確率為 1/n；準確率達到 99 % 即視為解決。</translation>
    </message>
    <message>
      <source>answer {answer}; predicted {predicted} (p = {p:.2f}), right</source>
      <translation>答案 {answer}；預測 {predicted}（p = {p:.2f}），正確</translation>
    </message>
    <message>
      <source>answer {answer}; predicted {predicted} (p = {p:.2f}), wrong</source>
      <translation>答案 {answer}；預測 {predicted}（p = {p:.2f}），錯誤</translation>
    </message>
    <message>
      <source>Number of distractor steps between the symbol and the cue (T = lag + 2).</source>
      <translation>符號與提示之間的干擾步數（T = 間隔 + 2）。</translation>
    </message>
    <message>
      <source>How many different symbols can be shown; chance accuracy is 1/n.</source>
      <translation>可顯示的不同符號數；隨機準確率為 1/n。</translation>
    </message>
    <message>
      <source>During the wait: random symbols flagged as distractors, a random value in [0, 1), or a constant.</source>
      <translation>等待期間：標記為干擾項的隨機符號、[0, 1) 中的隨機值，或常數。</translation>
    </message>
    <message>
      <source>symbols</source>
      <translation>符號</translation>
    </message>
    <message>
      <source>constant</source>
      <translation>常數</translation>
    </message>
    <message>
      <source>Standard deviation of Gaussian noise added to every input channel.</source>
      <translation>加到每個輸入通道上的高斯雜訊的標準差。</translation>
    </message>
    <message>
      <source>accuracy</source>
      <translation>準確率</translation>
    </message>
    <message>
      <source>Temporal order</source>
      <translation>時間順序</translation>
    </message>
    <message>
      <source>A long string of random letters a–d hides two important symbols, each X or Y: one early, one near the middle. At the end the network must say which appeared, in order: XX, XY, YX or YY. It has to remember the early symbol across most of the sequence and ignore all the noise letters. Guessing gives accuracy 1/4.</source>
      <translation>一長串隨機字母 a–d 中藏著兩個重要符號，每個是 X 或 Y：一個在前部，一個在中間附近。最後網路必須按順序說出出現的是哪兩個：XX、XY、YX 或 YY。它必須在大半個序列中記住前面的符號，並忽略所有雜訊字母。隨機猜測的準確率為 1/4。</translation>
    </message>
    <message>
      <source>Sequence length T; the first relevant symbol appears near 0.1–0.2 T.</source>
      <translation>序列長度 T；第一個相關符號出現在約 0.1–0.2 T 處。</translation>
    </message>
    <message>
      <source>Embedded Reber grammar</source>
      <translation>嵌入式 Reber 語法</translation>
    </message>
    <message>
      <source>Strings from a small grammar of the letters B T P S X V E. At each step the network guesses the next letter. Most steps need only recent context, but the second-to-last letter always repeats the second letter, so getting it right means remembering it across the whole string. A string counts as learned when, at every step, the letters the network ranks highest are exactly the ones the grammar allows.</source>
      <translation>由字母 B T P S X V E 組成的小型語法生成的字串。在每個時間步，網路猜測下一個字母。大多數時間步只需要最近的上下文，但倒數第二個字母總是重複第二個字母，要猜對它就必須在整個字串中記住它。當網路在每一步排名最高的字母恰好是語法允許的字母時，該字串算作學會。</translation>
    </message>
    <message>
      <source>{string}: legal letters ranked first at {ok} of {steps} steps; the long-range step (predicting '{symbol}') is right</source>
      <translation>{string}：{steps} 步中有 {ok} 步把合法字母排在首位；長程的一步（預測 '{symbol}'）正確</translation>
    </message>
    <message>
      <source>{string}: legal letters ranked first at {ok} of {steps} steps; the long-range step (predicting '{symbol}') is wrong</source>
      <translation>{string}：{steps} 步中有 {ok} 步把合法字母排在首位；長程的一步（預測 '{symbol}'）錯誤</translation>
    </message>
    <message>
      <source>Padded length T; strings longer than T + 1 letters are drawn again.</source>
      <translation>填充後的長度 T；長於 T + 1 個字母的字串會重新抽取。</translation>
    </message>
    <message>
      <source>Standard deviation of Gaussian noise added to the one-hot inputs.</source>
      <translation>加到獨熱輸入上的高斯雜訊的標準差。</translation>
    </message>
    <message>
      <source>strings_correct</source>
      <translation>正確字串比例</translation>
    </message>
    <message>
      <source>ideal loss</source>
      <translation>理想損失</translation>
    </message>
    <message>
      <source>uniform loss</source>
      <translation>均勻分佈損失</translation>
    </message>
    <message>
      <source>Marker ahead</source>
      <translation>後面有標記嗎</translation>
    </message>
    <message>
      <source>Letters a–d go by, and some sequences hide one X. At every step the network answers: will an X still come? Reading only the past, a network cannot know; the best it can do is the causal ceiling, near chance at the start. A bidirectional network also reads the sequence backwards and can answer every step right.</source>
      <translation>字母 a–d 依序出現，有些序列中藏著一個 X。網路在每個時間步回答：後面還會出現 X 嗎？只讀過去的網路無從得知，最多只能達到因果上限，在序列開頭接近亂猜。雙向網路還會從後往前讀序列，因此每一步都能答對。</translation>
    </message>
    <message>
      <source>{right} of {steps} steps right; a causal model can expect {ceiling:.0%} at best, {early:.0%} on the first quarter</source>
      <translation>{steps} 步中答對 {right} 步；因果模型的期望準確率最多 {ceiling:.0%}，前四分之一為 {early:.0%}</translation>
    </message>
    <message>
      <source>Sequence length T.</source>
      <translation>序列長度 T。</translation>
    </message>
    <message>
      <source>Probability that a sequence holds an X (at a random step).</source>
      <translation>一個序列含有 X 的機率（位置隨機）。</translation>
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
      <translation>同一個遞迴單元的四種用法。一對多：輸入一個符號，然後從它開始往上數。多對一：輸入一個序列，最後給出一個答案（出現最多次的符號）。同步多對多：每個時間步都給出答案（到目前為止最大的符號）。非同步多對多：先輸入一個序列，在結束標記之後再把它重複一遍。</translation>
    </message>
    <message>
      <source>input at {inputs} of {steps} steps, {scored} scored, {right} right</source>
      <translation>{steps} 步中 {inputs} 步有輸入，{scored} 步計分，{right} 步答對</translation>
    </message>
    <message>
      <source>Where the inputs arrive and which steps are scored.</source>
      <translation>輸入在哪些時間步出現，哪些時間步計分。</translation>
    </message>
    <message>
      <source>one-to-many</source>
      <translation>一對多</translation>
    </message>
    <message>
      <source>many-to-one</source>
      <translation>多對一</translation>
    </message>
    <message>
      <source>synchronous</source>
      <translation>同步多對多</translation>
    </message>
    <message>
      <source>asynchronous</source>
      <translation>非同步多對多</translation>
    </message>
    <message>
      <source>Number of symbols L the sequence reads or writes.</source>
      <translation>序列讀入或寫出的符號個數 L。</translation>
    </message>
    <message>
      <source>How many different symbols there are; chance accuracy is 1/n.</source>
      <translation>不同符號的個數；亂猜的準確率為 1/n。</translation>
    </message>
    <message>
      <source>Reverse</source>
      <translation>反轉</translation>
    </message>
    <message>
      <source>Read a string of letters, then write it backwards and end with &lt;eos&gt;. The first letters to write are the last ones read, which makes this easier than copying.</source>
      <translation>讀入一串字母,再把它倒過來寫出,並以 &lt;eos&gt; 結束。最先要寫的字母正是最後讀到的,所以這比複製更容易。</translation>
    </message>
    <message>
      <source>{right} of {tokens} target tokens right in free running; source: {source}</source>
      <translation>自由執行時 {tokens} 個目標詞元中對了 {right} 個;來源序列:{source}</translation>
    </message>
    <message>
      <source>Shortest source string.</source>
      <translation>最短的來源字串。</translation>
    </message>
    <message>
      <source>Longest source string.</source>
      <translation>最長的來源字串。</translation>
    </message>
    <message>
      <source>How many different letters the strings use.</source>
      <translation>字串使用多少種不同的字母。</translation>
    </message>
    <message>
      <source>token_accuracy</source>
      <translation>詞元正確率</translation>
    </message>
    <message>
      <source>exact_match</source>
      <translation>完全相符率</translation>
    </message>
    <message>
      <source>teacher_forced_accuracy</source>
      <translation>教師強制下的正確率</translation>
    </message>
    <message>
      <source>exposure_gap</source>
      <translation>暴露偏差差距</translation>
    </message>
    <message>
      <source>Copy</source>
      <translation>複製</translation>
    </message>
    <message>
      <source>Read a string of letters, then write it again and end with &lt;eos&gt;. The encoder must pack the whole string into its final state; the decoder unpacks it in order.</source>
      <translation>讀入一串字母,再把它原樣寫出,並以 &lt;eos&gt; 結束。編碼器必須把整串字母裝進它的最終狀態;解碼器再依序把它解開。</translation>
    </message>
    <message>
      <source>Question and answer</source>
      <translation>問答</translation>
    </message>
    <message>
      <source>A tiny chatbot: the encoder reads a question one character at a time, the decoder writes the answer one character at a time and ends it with &lt;eos&gt;. A few dozen pairs, to be learnt by heart.</source>
      <translation>一個很小的聊天機器人:編碼器逐個字元讀入問題,解碼器逐個字元寫出回答,並以 &lt;eos&gt; 結束。只有幾十對問答,要全部背下來。</translation>
    </message>
    <message>
      <source>Which set of questions and answers to learn.</source>
      <translation>學習哪一組問答。</translation>
    </message>
    <message>
      <source>en</source>
      <translation>英文</translation>
    </message>
    <message>
      <source>zh_CN</source>
      <translation>簡體中文</translation>
    </message>
    <message>
      <source>zh_TW</source>
      <translation>繁體中文</translation>
    </message>
    <message>
      <source>Which sequence problem the models learn.</source>
      <translation>模型學習哪個序列問題。</translation>
    </message>
    <message>
      <source>The task's own settings (sequence length, noise, seed …).</source>
      <translation>任務自身的設定（序列長度、雜訊、隨機種子…）。</translation>
    </message>
    <message>
      <source>The recurrent cells trained side by side on identical batches.</source>
      <translation>在相同批次上並排訓練的循環單元。</translation>
    </message>
    <message>
      <source>Number of hidden units H of every model.</source>
      <translation>每個模型的隱藏單元數 H。</translation>
    </message>
    <message>
      <source>Recurrent layers stacked on each other (deep RNN): layer l reads the states of layer l − 1.</source>
      <translation>遞迴層逐層堆疊（深層遞迴神經網路）：第 l 層讀取第 l − 1 層的隱藏狀態。</translation>
    </message>
    <message>
      <source>Also read every sequence backwards: each layer gets a reverse direction, and the output at step t sees the whole sequence, past and future.</source>
      <translation>同時反向讀取每個序列：每一層多一個反向方向，時間步 t 的輸出能看到整個序列的過去與未來。</translation>
    </message>
    <message>
      <source>Teacher forcing ratio r: the probability that the decoder of a sequence-to-sequence task (or an output-recurrent network) is fed the true previous token rather than its own prediction (1: always the truth, 0: free running). An output-recurrent network takes 1 or 0 only.</source>
      <translation>教師強制比例 r:序列到序列任務的解碼器(或輸出遞迴網路)在每一步被輸入真實的上一個詞元、而不是它自己的預測的機率(1:總是真實值,0:自由執行)。輸出遞迴網路只取 1 或 0。</translation>
    </message>
    <message>
      <source>Output recurrence (Goodfellow's figure in the notes): h_t reads the previous output o_{t−1} through W_oh instead of h_{t−1} through W_hh. Vanilla RNN, one layer only.</source>
      <translation>輸出遞迴(講義中 Goodfellow 的圖):h_t 透過 W_oh 讀取上一步的輸出 o_{t−1},而不是透過 W_hh 讀取 h_{t−1}。僅限普通 RNN、單層。</translation>
    </message>
    <message>
      <source>Sequences per training batch B.</source>
      <translation>每個訓練批次中的序列數 B。</translation>
    </message>
    <message>
      <source>How gradients become weight updates.</source>
      <translation>梯度如何變成權重更新。</translation>
    </message>
    <message>
      <source>sgd</source>
      <translation>SGD</translation>
    </message>
    <message>
      <source>momentum</source>
      <translation>動量法</translation>
    </message>
    <message>
      <source>adam</source>
      <translation>Adam</translation>
    </message>
    <message>
      <source>Step size of the optimizer.</source>
      <translation>最佳化器的步長。</translation>
    </message>
    <message>
      <source>Momentum coefficient (momentum optimizer only).</source>
      <translation>動量係數（僅用於動量法）。</translation>
    </message>
    <message>
      <source>How the weights are initialised.</source>
      <translation>權重如何初始化。</translation>
    </message>
    <message>
      <source>uniform</source>
      <translation>均勻分佈</translation>
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
      <translation>單位矩陣</translation>
    </message>
    <message>
      <source>Multiplies the recurrent weights at start. The spectral radius it gives depends on the initialisation: equal to the scale for orthogonal or identity weights, smaller for uniform ones.</source>
      <translation>開始時乘到循環權重上。得到的譜半徑取決於初始化方式：正交或單位矩陣初始化時等於該倍數，均勻初始化時較小。</translation>
    </message>
    <message>
      <source>Initial bias of the LSTM forget gate.</source>
      <translation>LSTM 遺忘門的初始偏置。</translation>
    </message>
    <message>
      <source>Off gives the 1997 LSTM: forget gate fixed at 1.</source>
      <translation>關閉即為 1997 年的 LSTM：遺忘門固定為 1。</translation>
    </message>
    <message>
      <source>Non-linearity φ of the vanilla RNN.</source>
      <translation>普通 RNN 的非線性激活函數 φ。</translation>
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
      <translation>完整的隨時間反向傳播、每 k 步截斷，或隨機截斷。</translation>
    </message>
    <message>
      <source>full</source>
      <translation>完整</translation>
    </message>
    <message>
      <source>truncated</source>
      <translation>截斷</translation>
    </message>
    <message>
      <source>Truncated BPTT: detach the state every k steps.</source>
      <translation>截斷的隨時間反向傳播：每 k 步分離一次狀態。</translation>
    </message>
    <message>
      <source>Randomized truncation: probability that the gradient flows on at a step.</source>
      <translation>隨機截斷：梯度在某一步繼續傳遞的機率。</translation>
    </message>
    <message>
      <source>Gradient clipping: off, by global norm, or element-wise by value.</source>
      <translation>梯度裁剪：關閉、按全域範數，或按元素值裁剪。</translation>
    </message>
    <message>
      <source>norm</source>
      <translation>範數</translation>
    </message>
    <message>
      <source>Clipping threshold (norm or value).</source>
      <translation>裁剪閾值（範數或值）。</translation>
    </message>
    <message>
      <source>Random seed of the weights and the batches.</source>
      <translation>權重和批次的隨機種子。</translation>
    </message>
    <message>
      <source>Evaluate the task metric every this many iterations (while Train runs, only as often as 3 % of the training time allows: some are then skipped).</source>
      <translation>每隔這麼多次疊代評估一次任務指標（訓練執行時，評估至多占用 3% 的訓練時間，因此會略過其中一些）。</translation>
    </message>
    <message>
      <source>Which sequence of the batch the views show.</source>
      <translation>檢視顯示批次中的哪個序列。</translation>
    </message>
    <message>
      <source>Memory kept for the history of past iterations.</source>
      <translation>為過去疊代的歷史記錄保留的記憶體。</translation>
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
      <translation type="vanished">（無遺忘門）</translation>
    </message>
    <message>
      <source>(stored: {value})</source>
      <translation type="vanished">（儲存值：{value}）</translation>
    </message>
    <message>
      <source>, bidirectional</source>
      <translation type="vanished">，雙向</translation>
    </message>
    <message>
      <source>Back to the normal layout</source>
      <translation type="vanished">回到普通佈局</translation>
    </message>
    <message>
      <source>Blue: negative, red: positive. Inputs x and outputs o are scaled to their row's largest value.</source>
      <translation type="vanished">藍色：負值，紅色：正值。輸入 x 與輸出 o 依各列的最大值縮放。</translation>
    </message>
    <message>
      <source>Dashed: the vanilla RNN's upper bound, scaled to start at its value at t = T.</source>
      <translation type="vanished">虛線：普通 RNN 的上界，縮放到在 t = T 處與其值相同。</translation>
    </message>
    <message>
      <source>Dim the window except what the lesson card talks about (Ctrl+L)</source>
      <translation type="vanished">調暗視窗,只突顯課程卡片所講的部分(Ctrl+L)</translation>
    </message>
    <message>
      <source>Evaluate the task metric every this many iterations.</source>
      <translation type="vanished">每隔這麼多次疊代評估一次任務指標。</translation>
    </message>
    <message>
      <source>Finish the current forward or backward pass</source>
      <translation type="vanished">完成目前的前向或反向傳播</translation>
    </message>
    <message>
      <source>Full screen</source>
      <translation type="vanished">全螢幕</translation>
    </message>
    <message>
      <source>Gradient norm: before — / after ┄ clipping</source>
      <translation type="vanished">梯度範數：裁剪前 — / 裁剪後 ┄</translation>
    </message>
    <message>
      <source>New run: {models}</source>
      <translation type="vanished">新的執行：{models}</translation>
    </message>
    <message>
      <source>Next / previous lesson card (presenter remotes)</source>
      <translation type="vanished">下一張 / 上一張課程卡片（翻頁筆）</translation>
    </message>
    <message>
      <source>Play / pause the step-through</source>
      <translation type="vanished">播放 / 暫停逐步演示</translation>
    </message>
    <message>
      <source>Presentation mode on / off (projector)</source>
      <translation type="vanished">簡報模式開 / 關（投影機）</translation>
    </message>
    <message>
      <source>Quit</source>
      <translation type="vanished">退出</translation>
    </message>
    <message>
      <source>Reset the run (same seed, same run)</source>
      <translation type="vanished">重置執行（相同種子，相同執行）</translation>
    </message>
    <message>
      <source>Show or hide the settings / the inspector</source>
      <translation type="vanished">顯示或隱藏設定 / 檢查器</translation>
    </message>
    <message>
      <source>Step back one time step</source>
      <translation type="vanished">後退一個時間步</translation>
    </message>
    <message>
      <source>Step forward one time step</source>
      <translation type="vanished">前進一個時間步</translation>
    </message>
    <message>
      <source>The equations of stacked and bidirectional models are not shown yet; the graph and the other views show this run.</source>
      <translation type="vanished">深層（堆疊）與雙向模型的公式尚未顯示；計算圖與其他檢視會顯示這次訓練。</translation>
    </message>
    <message>
      <source>The equations of this model are not written out here; the graph shows it.</source>
      <translation type="vanished">此模型的方程式沒有在這裡逐項寫出;計算圖呈現了它的結構。</translation>
    </message>
    <message>
      <source>Train in the background / stop</source>
      <translation type="vanished">在背景訓練 / 停止</translation>
    </message>
    <message>
      <source>Truncated vs full gradient (cosine)</source>
      <translation type="vanished">截斷梯度與完整梯度（餘弦）</translation>
    </message>
    <message>
      <source>Truncated vs full gradient: cosine —, length ratio ┄</source>
      <translation type="vanished">截斷梯度與完整梯度:餘弦 —,長度比 ┄</translation>
    </message>
    <message>
      <source>Truncated vs full gradient: truncation is off</source>
      <translation type="vanished">截斷梯度與完整梯度：未啟用截斷</translation>
    </message>
    <message>
      <source>Truncation is off</source>
      <translation type="vanished">未啟用截斷</translation>
    </message>
    <message>
      <source>Zoom the graph in / out</source>
      <translation type="vanished">放大 / 縮小計算圖</translation>
    </message>
    <message>
      <source>activation of unit {unit}:</source>
      <translation type="vanished">單元 {unit} 的激活值：</translation>
    </message>
    <message>
      <source>each gate: {rule}</source>
      <translation type="vanished">每個門：{rule}</translation>
    </message>
    <message>
      <source>forget gate: c_{t−1} is multiplied by f_t</source>
      <translation type="vanished">遺忘門：c_{t−1} 乘以 f_t</translation>
    </message>
    <message>
      <source>from step {t}</source>
      <translation type="vanished">來自時間步 {t}</translation>
    </message>
    <message>
      <source>from unit j</source>
      <translation type="vanished">來自單元 j</translation>
    </message>
    <message>
      <source>from {h}</source>
      <translation type="vanished">來自 {h}</translation>
    </message>
    <message>
      <source>from {o}</source>
      <translation type="vanished">來自 {o}</translation>
    </message>
    <message>
      <source>input gate: i_t ⊙ c̃_t is added</source>
      <translation type="vanished">輸入門：加上 i_t ⊙ c̃_t</translation>
    </message>
    <message>
      <source>its bound {formula}</source>
      <translation type="vanished">它的上界 {formula}</translation>
    </message>
    <message>
      <source>loss (log)</source>
      <translation type="vanished">損失（對數）</translation>
    </message>
    <message>
      <source>t = T: nothing comes back from a later step</source>
      <translation type="vanished">t = T：沒有來自後續時間步的梯度</translation>
    </message>
    <message>
      <source>through r's weights</source>
      <translation type="vanished">經由 r 的權重</translation>
    </message>
    <message>
      <source>through the candidate</source>
      <translation type="vanished">經由候選狀態</translation>
    </message>
    <message>
      <source>through z</source>
      <translation type="vanished">經由 z</translation>
    </message>
    <message>
      <source>through z's weights</source>
      <translation type="vanished">經由 z 的權重</translation>
    </message>
    <message>
      <source>truncation cuts the edge to step {t}</source>
      <translation type="vanished">截斷切斷了通往時間步 {t} 的邊</translation>
    </message>
    <message>
      <source>update gate: h_t = z ⊙ h_{t−1} + (1 − z) ⊙ h̃_t</source>
      <translation type="vanished">更新門：h_t = z ⊙ h_{t−1} + (1 − z) ⊙ h̃_t</translation>
    </message>
    <message>
      <source>{path} holds a model with {layers} layer(s){bidirectional}. The window shows one-layer, one-direction models only; continue this run with 'bptt-explorer train'. Nothing was changed.</source>
      <translation type="vanished">{path} 中的模型有 {layers} 層{bidirectional}。視窗目前只顯示單層、單向的模型；請用 'bptt-explorer train' 繼續這次訓練。沒有做任何更改。</translation>
    </message>
    <message>
      <source>{path}: exists and is not a regular file</source>
      <translation type="vanished">{path}：已存在且不是一般檔案</translation>
    </message>
    <message>
      <source>{path}: not a regular file</source>
      <translation type="vanished">{path}：不是一般檔案</translation>
    </message>
    <message>
      <source>{path}: written by a newer version of BPTT Explorer ({reason}); update the app to open it</source>
      <translation type="vanished">{path}：由較新版本的 BPTT Explorer 寫入（{reason}）；請更新本程式後再開啟</translation>
    </message>
    <message>
      <source>{path}: {name} is implausibly large</source>
      <translation type="vanished">{path}：{name} 大得不合理</translation>
    </message>
    <message>
      <source>{phase} · history</source>
      <translation type="vanished">{phase} · 歷史</translation>
    </message>
    <message>
      <source>{symbol}[{unit}] = {value}. The equations of this model are not written out here; the graph shows it.</source>
      <translation type="vanished">{symbol}[{unit}] = {value}。此模型的方程式沒有在這裡逐項寫出;計算圖呈現了它的結構。</translation>
    </message>
    <message>
      <source>σ( x·W&lt;sub&gt;x·&lt;/sub&gt; + h&lt;sub&gt;t−1&lt;/sub&gt;·W&lt;sub&gt;h·&lt;/sub&gt; + b ) = σ(input + recurrent + bias)</source>
      <translation type="vanished">σ( x·W&lt;sub&gt;x·&lt;/sub&gt; + h&lt;sub&gt;t−1&lt;/sub&gt;·W&lt;sub&gt;h·&lt;/sub&gt; + b ) = σ(輸入 + 循環 + 偏置)</translation>
    </message>
    <message>
      <source>‖gradient‖ (log)</source>
      <translation type="vanished">‖梯度‖（對數）</translation>
    </message>
    <message>
      <source>‖g‖ (log)</source>
      <translation type="vanished">‖g‖（對數）</translation>
    </message>
    <message>
      <source>‖∂L/∂h_t‖ (log scale):</source>
      <translation type="vanished">‖∂L/∂h_t‖（對數刻度）：</translation>
    </message>
    <message>
      <source>‖∂L/∂h_t‖ (log scale; grey: none):</source>
      <translation type="vanished">‖∂L/∂h_t‖（對數刻度；灰色：無梯度）：</translation>
    </message>
    <message>
      <source>→ spectral radius ρ = {value} at the start</source>
      <translation type="vanished">→ 初始譜半徑 ρ = {value}</translation>
    </message>
    <message>
      <source>→ ρ = {value} at the start</source>
      <translation type="vanished">→ 初始 ρ = {value}</translation>
    </message>
    <message>
      <source>∂L/∂ (this example)</source>
      <translation type="vanished">∂L/∂（此樣本）</translation>
    </message>
  </context>
</TS>
