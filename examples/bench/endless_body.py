"""A hostile tenant for the body-cap benchmark: answers the token request, then every API
call with an endless chunked body, on 127.0.0.1:47200. Usage: python3 endless_body.py"""
import socket,threading,json
tok=json.dumps({"access_token":"BENCH-ACCESS-TOKEN-0123456789","expires_in":3600}).encode()
def h(c):
    try:
        f=c.makefile('rb')
        while True:
            line=f.readline()
            if not line: return
            n=0
            while True:
                l=f.readline()
                if l in (b'\r\n',b'\n',b''): break
                if l.lower().startswith(b'content-length:'): n=int(l.split(b':')[1])
            f.read(n)
            if b'/auth/token' in line:
                c.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n"%len(tok)+tok)
            else:
                c.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
                chunk=b'x'*65536
                frame=b'%x\r\n'%len(chunk)+chunk+b'\r\n'
                while True: c.sendall(frame)
    except Exception: pass
    finally: c.close()
s=socket.socket(); s.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1); s.bind(("127.0.0.1",47200)); s.listen(64)
while True:
    c,_=s.accept(); threading.Thread(target=h,args=(c,),daemon=True).start()
