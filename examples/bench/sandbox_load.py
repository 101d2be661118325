"""Load for the sandbox benchmark: N requests (one per connection, 8 at a time) against
`cxone-diag sandbox serve --port PORT`, printing its resident memory every N/10 requests.
Usage: python3 sandbox_load.py PORT N PID"""
import socket,sys,os,time
from concurrent.futures import ThreadPoolExecutor
port=int(sys.argv[1]); n=int(sys.argv[2]); pid=int(sys.argv[3])
req=b"GET /inContactAPI/services/v30.0/skills/4242 HTTP/1.1\r\nHost: x\r\nAccept: application/json\r\nAuthorization: Bearer nope\r\n\r\n"
def one(_):
    s=socket.create_connection(("127.0.0.1",port)); s.sendall(req)
    while s.recv(65536): pass
    s.close()
def rss():
    d=dict(l.split(':',1) for l in open(f'/proc/{pid}/status'))
    return d['VmRSS'].strip(), d['VmHWM'].strip()
print("start", rss(), flush=True)
t=time.time()
with ThreadPoolExecutor(8) as ex:
    for k in range(10):
        list(ex.map(one, range(n//10)))
        print((k+1)*n//10, rss(), round(time.time()-t,1), flush=True)
