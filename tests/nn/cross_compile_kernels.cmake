# Compiles every portable kernel source for the Cortex-M4F exactly as the
# firmware will, then checks the objects need no heap, exceptions or RTTI.
# Invoked by ctest: cmake -DCXX=... -DNM=... -DINCLUDE=... -DSOURCES=a;b -DOUT=dir -P this
file(MAKE_DIRECTORY ${OUT})
foreach(src ${SOURCES})
  get_filename_component(name ${src} NAME_WE)
  set(obj ${OUT}/${name}.o)
  execute_process(
    COMMAND ${CXX} -mcpu=cortex-m4 -mthumb -mfloat-abi=hard -mfpu=fpv4-sp-d16 -fno-exceptions -fno-rtti
            -std=c++17 -O2 -Wall -Wextra -Werror -I${INCLUDE} -c ${src} -o ${obj}
    RESULT_VARIABLE rc ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "cross compile failed for ${src}:\n${err}")
  endif()
  execute_process(COMMAND ${NM} -u ${obj} OUTPUT_VARIABLE undefined)
  foreach(forbidden malloc free _Znwj _Znaj _ZdlPv _ZdaPv __cxa_throw __cxa_allocate_exception _ZTI __gxx_personality)
    string(FIND "${undefined}" "${forbidden}" pos)
    if(NOT pos EQUAL -1)
      message(FATAL_ERROR "${src} needs '${forbidden}' (heap/exceptions/RTTI are not allowed in kernels):\n${undefined}")
    endif()
  endforeach()
  message(STATUS "ok ${name}.o")
endforeach()
