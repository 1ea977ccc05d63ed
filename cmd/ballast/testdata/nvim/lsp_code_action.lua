-- TestNeovimLSP's editor session: Neovim loads README.md's recipe, opens
-- a Dockerfile (the recipe starts `ballast lsp` for it), waits for the
-- diagnostics, asks for the code actions at one of them, applies the safe
-- fix, waits for the re-check of the changed buffer, asks for hover, writes
-- the buffer and stops the server. Everything it saw goes to a JSON file
-- that the Go test compares; any failure exits non-zero.
--
-- Run as: nvim --headless --clean -u NONE -n -c 'luafile lsp_code_action.lua'
-- (Debian bookworm's Neovim 0.7 has no `-l`). It speaks only the API that
-- 0.7 has, switching to the newer spelling where 0.10 and 0.11 renamed it
-- (vim.lsp.get_clients, the client's methods called with `:`).
--
-- Environment: BALLAST_NVIM_RECIPE (README.md's Neovim 0.7–0.10 recipe),
-- BALLAST_NVIM_RECIPE_011 (its Neovim 0.11+ one, used from 0.11 on),
-- BALLAST_NVIM_DOCKERFILE (the file to open), BALLAST_NVIM_FIX_CODE (the
-- code of the finding whose safe fix is applied), BALLAST_NVIM_RESULT (where
-- the JSON goes), BALLAST_NVIM_TIMEOUT_MS (how long to wait for each
-- answer).

local result_path = os.getenv('BALLAST_NVIM_RESULT')
local timeout_ms = tonumber(os.getenv('BALLAST_NVIM_TIMEOUT_MS') or '10000')

local result = { steps = {} }

local function save()
  local f = assert(io.open(assert(result_path, 'BALLAST_NVIM_RESULT unset'), 'w'))
  f:write(vim.fn.json_encode(result))
  f:close()
end

local function step(name)
  table.insert(result.steps, name)
end

local function at_least(version)
  return vim.fn.has('nvim-' .. version) == 1
end

-- Client methods take `self` from 0.11 on (the dot form is deprecated).
local function client_request_sync(client, method, params, bufnr)
  if at_least('0.11') then
    return client:request_sync(method, params, timeout_ms, bufnr)
  end
  return client.request_sync(method, params, timeout_ms, bufnr)
end

-- The language client attached to the buffer.
local function buffer_client(bufnr)
  if vim.lsp.get_clients then
    return vim.lsp.get_clients({ bufnr = bufnr })[1]
  end
  for _, c in pairs(vim.lsp.buf_get_clients(bufnr)) do
    return c
  end
  return nil
end

local function client_stop(client)
  if at_least('0.11') then
    client:stop()
  else
    client.stop()
  end
end

-- ballast's diagnostics on the buffer, in a stable order, as plain data.
local function diagnostics(bufnr)
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.source == 'ballast' then
      table.insert(out, {
        code = d.code,
        lnum = d.lnum,
        col = d.col,
        end_lnum = d.end_lnum,
        end_col = d.end_col,
        severity = d.severity,
        message = d.message,
      })
    end
  end
  table.sort(out, function(a, b)
    if a.lnum ~= b.lnum then
      return a.lnum < b.lnum
    end
    if a.col ~= b.col then
      return a.col < b.col
    end
    return a.code < b.code
  end)
  return out
end

local function find(list, pred)
  for _, v in ipairs(list) do
    if pred(v) then
      return v
    end
  end
  return nil
end

-- A buffer position (0-based row, byte column) as the protocol counts it,
-- in the client's encoding (UTF-16 unless the server chose otherwise).
local function lsp_position(client, bufnr, row, col)
  return { line = row, character = vim.lsp.util.character_offset(bufnr, row, col, client.offset_encoding) }
end

local function lsp_range(client, bufnr, d)
  return {
    start = lsp_position(client, bufnr, d.lnum, d.col),
    ['end'] = lsp_position(client, bufnr, d.end_lnum, d.end_col),
  }
end

local function getenv(name)
  return (assert(os.getenv(name), name .. ' unset'))
end

local function main()
  local dockerfile = getenv('BALLAST_NVIM_DOCKERFILE')
  local fix_code = getenv('BALLAST_NVIM_FIX_CODE')
  result.nvim = tostring(vim.version().major) .. '.' .. vim.version().minor .. '.' .. vim.version().patch

  if at_least('0.11') then
    result.recipe = '0.11'
    dofile(getenv('BALLAST_NVIM_RECIPE_011'))
  else
    result.recipe = '0.7'
    dofile(getenv('BALLAST_NVIM_RECIPE'))
  end
  step('configured')

  vim.cmd('edit ' .. vim.fn.fnameescape(dockerfile))
  local bufnr = vim.api.nvim_get_current_buf()
  -- `-u NONE` turns filetype detection off: this is what detection does,
  -- and the FileType event the recipe starts the server on.
  vim.bo[bufnr].filetype = 'dockerfile'
  step('opened')

  local client
  assert(vim.wait(timeout_ms, function()
    client = buffer_client(bufnr)
    return client ~= nil
  end, 20), 'no language server attached to the Dockerfile')
  local client_id = client.id
  step('attached')

  assert(vim.wait(timeout_ms, function()
    return #diagnostics(bufnr) > 0
  end, 20), 'no diagnostics within the timeout')
  result.opened = diagnostics(bufnr)
  step('diagnosed')

  local target = assert(find(result.opened, function(d)
    return d.code == fix_code
  end), 'no diagnostic ' .. fix_code)
  local lsp_diags = {}
  for _, d in ipairs(result.opened) do
    table.insert(lsp_diags, { range = lsp_range(client, bufnr, d), severity = d.severity, code = d.code, source = 'ballast', message = d.message })
  end
  local response, err = client_request_sync(client, 'textDocument/codeAction', {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    -- The cursor just after the finding, as vim.lsp.buf.code_action()
    -- sends it: in UTF-16 units it is 3 less than in bytes, and the bytes
    -- counted as units would point past the finding.
    range = lsp_range(client, bufnr, { lnum = target.end_lnum, col = target.end_col, end_lnum = target.end_lnum, end_col = target.end_col }),
    context = { diagnostics = lsp_diags },
  }, bufnr)
  assert(response, 'codeAction: ' .. tostring(err))
  assert(not response.err, 'codeAction: ' .. vim.inspect(response.err))
  local actions = response.result or {}
  result.actions = {}
  for _, a in ipairs(actions) do
    table.insert(result.actions, { title = a.title, kind = a.kind, preferred = a.isPreferred == true })
  end
  step('actions')

  local safe = assert(find(actions, function(a)
    return a.kind == 'quickfix'
  end), 'no quickfix action')
  assert(safe.edit, 'the quickfix action has no edit')
  vim.lsp.util.apply_workspace_edit(safe.edit, client.offset_encoding)
  result.applied = safe.title
  step('applied')

  -- The edit reaches the server as didChange; its re-check drops the
  -- finding the fix removed.
  assert(vim.wait(timeout_ms, function()
    return find(diagnostics(bufnr), function(d)
      return d.code == target.code
    end) == nil
  end, 20), target.code .. ' still reported after the fix')
  result.after_change = diagnostics(bufnr)
  step('rechecked')

  if result.after_change[1] then
    local d = result.after_change[1]
    local hover = client_request_sync(client, 'textDocument/hover', {
      textDocument = { uri = vim.uri_from_bufnr(bufnr) },
      position = lsp_position(client, bufnr, d.lnum, d.col),
    }, bufnr)
    assert(hover and not hover.err and hover.result, 'hover: no answer')
    local contents = hover.result.contents
    result.hover = type(contents) == 'table' and contents.value or contents
    step('hovered')
  end

  vim.cmd('write')
  result.buffer = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
  step('written')

  client_stop(client)
  assert(vim.wait(timeout_ms, function()
    return vim.lsp.get_client_by_id(client_id) == nil
  end, 20), 'the language server did not exit after shutdown')
  step('stopped')
end

local ok, err = xpcall(main, debug.traceback)
if not ok then
  result.error = tostring(err)
end
local saved, save_err = pcall(save)
if ok and saved then
  vim.cmd('qall!')
else
  if not saved then
    io.stderr:write('saving the result: ' .. tostring(save_err) .. '\n')
  end
  io.stderr:write(tostring(err) .. '\n')
  vim.cmd('cquit 3')
end
