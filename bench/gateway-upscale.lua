-- wrk script for bench/gateway-load.sh: POST /v1/upscales of a tiny PNG, multipart, as a real client
-- sends it. BENCH_IMAGE is the file, BENCH_KEY the API key.
local f = assert(io.open(os.getenv("BENCH_IMAGE"), "rb"))
local image = f:read("*a")
f:close()
local b = "headshots-bench-boundary"
local function field(name, value)
  return "--" .. b .. "\r\nContent-Disposition: form-data; name=\"" .. name .. "\"\r\n\r\n" .. value .. "\r\n"
end
wrk.method = "POST"
wrk.body = "--" .. b .. "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"bench.png\"\r\n"
  .. "Content-Type: image/png\r\n\r\n" .. image .. "\r\n"
  .. field("scale", "2") .. field("model", "realesrgan-x4fast") .. "--" .. b .. "--\r\n"
wrk.headers["Content-Type"] = "multipart/form-data; boundary=" .. b
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_KEY")
